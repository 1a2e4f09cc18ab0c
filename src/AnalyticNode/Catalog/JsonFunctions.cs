using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// PostgreSQL's json and jsonb operators as DuckDB scalar functions over JSON text. json values are the primary's
/// text as written, jsonb values its jsonb_out text (keys sorted by length then bytes, <c>": "</c> and <c>", "</c>,
/// numbers as numeric prints them); both are held as VARCHAR. Extraction slices the text, so json keeps its spacing
/// and jsonb its normal form, as PostgreSQL prints them.
/// </summary>
internal static class JsonFunctions
{
    public const string JsonbIn = "htap_jsonb_in";
    public const string JsonIn = "htap_json_in";
    public const string Field = "htap_json_field";
    public const string Element = "htap_json_element";
    public const string JsonbElement = "htap_jsonb_element";
    public const string Path = "htap_json_path";
    public const string AsText = "htap_json_text";
    public const string TypeOf = "htap_json_typeof";
    public const string ArrayLength = "htap_json_array_length";
    public const string Contains = "htap_jsonb_contains";
    public const string Exists = "htap_jsonb_exists";
    public const string ExistsAny = "htap_jsonb_exists_any";
    public const string ExistsAll = "htap_jsonb_exists_all";
    public const string Quote = "htap_json_quote";
    public const string Set = "htap_json_set";
    public const string StripNulls = "htap_jsonb_strip_nulls";
    public const string Pretty = "htap_jsonb_pretty";

    /// <summary>Registers the functions in <paramref name="connection"/>'s database, where every connection sees them.</summary>
    public static void Register(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        StrictFunctions.Register<string, string>(connection, JsonbIn, Normalize);
        StrictFunctions.Register<string, string>(connection, JsonIn, Validate);
        RegisterNullable<string, string>(connection, Field, GetField);
        RegisterNullable<string, long>(connection, Element, (json, index) => GetElement(json, index));
        RegisterNullable<string, long>(connection, JsonbElement, (json, index) => GetElement(json, index, rawScalarIsArray: true));
        RegisterNullable<string, string>(connection, Path, GetPath);
        StrictFunctions.Register<string, string>(connection, AsText, ValueText);
        StrictFunctions.Register<string, string>(connection, TypeOf, Kind);
        connection.RegisterScalarFunction<string, int>(ArrayLength, (readers, writer, rowCount) =>
        {
            for (ulong row = 0; row < rowCount; row++)
            {
                if (readers[0].IsValid(row))
                {
                    writer.WriteValue(LengthOf(readers[0].GetValue<string>(row)), row);
                }
                else
                {
                    writer.WriteNull(row);
                }
            }
        });
        StrictFunctions.Register<string, string, bool>(connection, Contains, (left, right) => ContainsValue(Parse(left), Parse(right), top: true));
        StrictFunctions.Register<string, string, bool>(connection, Exists, HasKey);
        StrictFunctions.Register<string, string, bool>(connection, ExistsAny, (json, keys) => ParseTextArray(keys).Any(k => k is not null && HasKey(json, k)));
        StrictFunctions.Register<string, string, bool>(connection, ExistsAll, (json, keys) => ParseTextArray(keys).All(k => k is not null && HasKey(json, k)));
        StrictFunctions.Register<string, string>(connection, Quote, value =>
        {
            var text = new StringBuilder(value.Length + 2);
            WriteString(text, value);
            return text.ToString();
        });
        StrictFunctions.Register<string, string, string>(connection, Set, SetOf);
        StrictFunctions.Register<string, string>(connection, StripNulls, json => Write(Parse(json), stripNulls: true));
        StrictFunctions.Register<string, string>(connection, Pretty, json => Write(Parse(json), stripNulls: false, indent: 0));
    }

    /// <summary>A strict function of two arguments whose result may be NULL.</summary>
    private static void RegisterNullable<TLeft, TRight>(DuckDBConnection connection, string name, Func<TLeft, TRight, string?> function) =>
        connection.RegisterScalarFunction<TLeft, TRight, string>(name, (readers, writer, rowCount) =>
        {
            var (left, right) = (readers[0], readers[1]);
            for (ulong row = 0; row < rowCount; row++)
            {
                if (left.IsValid(row) && right.IsValid(row) && function(left.GetValue<TLeft>(row), right.GetValue<TRight>(row)) is { } result)
                {
                    writer.WriteValue(result, row);
                }
                else
                {
                    writer.WriteNull(row);
                }
            }
        });

    /// <summary>jsonb_in then jsonb_out: the normal form of <paramref name="json"/>.</summary>
    public static string Normalize(string json) => Write(Parse(json), stripNulls: false);

    /// <summary>json_in: the text as it is, once it is known to be JSON.</summary>
    public static string Validate(string json)
    {
        using var _ = Parse(json);
        return json;
    }

    /// <summary>json -> text: the value of the object's last field named <paramref name="key"/>, as written; null when absent.</summary>
    public static string? GetField(string json, string key)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? found = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = reader.ValueTextEquals(key);
            reader.Read();
            var value = Slice(bytes, ref reader);
            if (matches)
            {
                found = value;
            }
        }

        return found;
    }

    /// <summary>json -> int: the array's element at <paramref name="index"/> (from the end when negative), as written; null when absent.</summary>
    /// <remarks>jsonb holds a scalar as a one-element array, so its element 0 (or -1) is the scalar itself.</remarks>
    public static string? GetElement(string json, long index, bool rawScalarIsArray = false)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return rawScalarIsArray && reader.TokenType != JsonTokenType.StartObject && index is 0 or -1 ? json : null;
        }

        var elements = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            elements.Add(Slice(bytes, ref reader));
        }

        var position = index < 0 ? elements.Count + index : index;
        return position >= 0 && position < elements.Count ? elements[(int)position] : null;
    }

    /// <summary>json #> text[]: the value at the path, given as a text[] literal; null when absent.</summary>
    public static string? GetPath(string json, string path)
    {
        string? current = json;
        foreach (var step in ParseTextArray(path))
        {
            if (current is null || step is null)
            {
                return null;
            }

            current = current.TrimStart() switch
            {
                ['{', ..] => GetField(current, step),
                ['[', ..] => long.TryParse(step.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index) ? GetElement(current, index) : null,
                _ => null,
            };
        }

        return current;
    }

    /// <summary>->> and #>>: a string's value, null for JSON null, and any other value as written.</summary>
    public static string? ValueText(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => value,
        };
    }

    /// <summary>
    /// The rows of json_array_elements (<paramref name="mode"/> "elements"), json_array_elements_text ("elements_text"),
    /// json_object_keys ("keys") and json_each ("each", "each_text") as a JSON array of strings (or NULLs), which
    /// DuckDB's from_json reads as a list of VARCHAR; json_each's rows are each a JSON array of key and value.
    /// </summary>
    public static string SetOf(string json, string mode)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        var rows = new List<string?>();
        var wantArray = mode.StartsWith("elements", StringComparison.Ordinal);
        if (wantArray ? reader.TokenType != JsonTokenType.StartArray : reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ArgumentException(wantArray ? "cannot extract elements from " + (reader.TokenType == JsonTokenType.StartObject ? "an object" : "a scalar")
                : mode == "keys" ? "cannot call json_object_keys on " + (reader.TokenType == JsonTokenType.StartArray ? "an array" : "a scalar")
                : "cannot deconstruct " + (reader.TokenType == JsonTokenType.StartArray ? "an array as an object" : "a scalar"));
        }

        while (reader.Read() && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
        {
            string? key = null;
            if (!wantArray)
            {
                key = reader.GetString();
                reader.Read();
            }

            var value = Slice(bytes, ref reader);
            var text = mode is "elements_text" or "each_text" ? ValueText(value) : value;
            rows.Add(mode switch
            {
                "keys" => key,
                "each" or "each_text" => ArrayText([key, text]),
                _ => text,
            });
        }

        return ArrayText(rows);
    }

    /// <summary>A JSON array of strings and NULLs.</summary>
    private static string ArrayText(IEnumerable<string?> values)
    {
        var text = new StringBuilder("[");
        foreach (var value in values)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            if (value is null)
            {
                text.Append("null");
            }
            else
            {
                WriteString(text, value);
            }
        }

        return text.Append(']').ToString();
    }

    /// <summary>json_typeof / jsonb_typeof.</summary>
    public static string Kind(string json)
    {
        using var document = Parse(json);
        return document.RootElement.ValueKind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        };
    }

    /// <summary>json_array_length / jsonb_array_length.</summary>
    public static int LengthOf(string json)
    {
        using var document = Parse(json);
        return document.RootElement.ValueKind switch
        {
            JsonValueKind.Array => document.RootElement.GetArrayLength(),
            JsonValueKind.Object => throw new ArgumentException("cannot get array length of a non-array"),
            _ => throw new ArgumentException("cannot get array length of a scalar"),
        };
    }

    /// <summary>jsonb ? text: a key of the object, a string element of the array, or the string itself.</summary>
    public static bool HasKey(string json, string key)
    {
        using var document = Parse(json);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Object => root.EnumerateObject().Any(p => p.Name == key),
            JsonValueKind.Array => root.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String && e.GetString() == key),
            JsonValueKind.String => root.GetString() == key,
            _ => false,
        };
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 6400 });
        }
        catch (JsonException)
        {
            throw new FormatException("invalid input syntax for type json");
        }
    }

    /// <summary>The text of the value the reader stands on, as written; the reader is left on its last token.</summary>
    private static string Slice(byte[] bytes, ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        return Encoding.UTF8.GetString(bytes, start, (int)reader.BytesConsumed - start);
    }

    /// <summary>jsonb @>: PostgreSQL's JsonbDeepContains.</summary>
    private static bool ContainsValue(JsonDocument left, JsonDocument right, bool top)
    {
        using (left)
        using (right)
        {
            return ContainsValue(left.RootElement, right.RootElement, top);
        }
    }

    private static bool ContainsValue(JsonElement left, JsonElement right, bool top)
    {
        if (left.ValueKind == JsonValueKind.Array && right.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
        {
            // A raw scalar is contained in an array holding it, at the top level only.
            return top && left.EnumerateArray().Any(e => ScalarEquals(e, right));
        }

        if (Group(left.ValueKind) != Group(right.ValueKind))
        {
            return false;
        }

        return left.ValueKind switch
        {
            JsonValueKind.Object => right.EnumerateObject().All(p =>
                Last(left, p.Name) is { } value && (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array || p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                    ? Group(value.ValueKind) == Group(p.Value.ValueKind) && ContainsValue(value, p.Value, top: false)
                    : ScalarEquals(value, p.Value))),
            JsonValueKind.Array => right.EnumerateArray().All(r => r.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                ? left.EnumerateArray().Any(l => Group(l.ValueKind) == Group(r.ValueKind) && ContainsValue(l, r, top: false))
                : left.EnumerateArray().Any(l => ScalarEquals(l, r))),
            _ => ScalarEquals(left, right),
        };
    }

    private static JsonElement? Last(JsonElement value, string name)
    {
        JsonElement? found = null;
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name == name)
            {
                found = property.Value;
            }
        }

        return found;
    }

    private static int Group(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => 1,
        JsonValueKind.Array => 2,
        JsonValueKind.String => 3,
        JsonValueKind.Number => 4,
        JsonValueKind.True or JsonValueKind.False => 5,
        _ => 6,
    };

    private static bool ScalarEquals(JsonElement left, JsonElement right) => (left.ValueKind, right.ValueKind) switch
    {
        (JsonValueKind.String, JsonValueKind.String) => left.GetString() == right.GetString(),
        (JsonValueKind.Number, JsonValueKind.Number) => NumberValue(left.GetRawText()) == NumberValue(right.GetRawText()),
        _ => left.ValueKind == right.ValueKind && left.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null,
    };

    /// <summary>A number's value with no trailing zeros, for comparison.</summary>
    private static (BigInteger, int) NumberValue(string number)
    {
        var (unscaled, scale) = ParseNumber(number);
        while (scale > 0 && !unscaled.IsZero && unscaled % 10 == 0)
        {
            unscaled /= 10;
            scale--;
        }

        return unscaled.IsZero ? (BigInteger.Zero, 0) : (unscaled, scale);
    }

    /// <summary>A JSON number as numeric_in reads it: its digits and display scale (never negative).</summary>
    private static (BigInteger Unscaled, int Scale) ParseNumber(string number)
    {
        var exponentAt = number.IndexOfAny(['e', 'E']);
        var mantissa = exponentAt < 0 ? number : number[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(number.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var fraction = point < 0 ? 0 : mantissa.Length - point - 1;
        var unscaled = BigInteger.Parse(mantissa.Replace(".", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var scale = fraction - exponent;
        if (scale < 0)
        {
            unscaled *= BigInteger.Pow(10, -scale);
            scale = 0;
        }

        return (unscaled, scale);
    }

    /// <summary>numeric_out of a JSON number.</summary>
    private static string NumberText(string number)
    {
        var (unscaled, scale) = ParseNumber(number);
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = scale == 0 ? digits : $"{digits[..^scale]}.{digits[^scale..]}";
        return unscaled.Sign < 0 ? "-" + text : text;
    }

    /// <summary>jsonb_out (or jsonb_pretty when <paramref name="indent"/> is given) of a parsed value.</summary>
    private static string Write(JsonDocument document, bool stripNulls, int? indent = null)
    {
        using (document)
        {
            var text = new StringBuilder();
            Write(text, document.RootElement, stripNulls, indent);
            return text.ToString();
        }
    }

    private static void Write(StringBuilder text, JsonElement value, bool stripNulls, int? indent)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    fields[property.Name] = property.Value;
                }

                var sorted = fields.Where(f => !(stripNulls && f.Value.ValueKind == JsonValueKind.Null))
                    .Select(f => (Key: Encoding.UTF8.GetBytes(f.Key), f.Key, f.Value))
                    .OrderBy(f => f.Key.Length).ThenBy(f => f.Item1, ByteOrder.Instance).ToList();
                Open(text, '{', sorted.Count, indent);
                for (var i = 0; i < sorted.Count; i++)
                {
                    Separate(text, i, indent + 1);
                    WriteString(text, sorted[i].Item2);
                    text.Append(": ");
                    Write(text, sorted[i].Value, stripNulls, indent + 1);
                }

                Close(text, '}', sorted.Count, indent);
                break;
            case JsonValueKind.Array:
                var elements = value.EnumerateArray().ToList();
                Open(text, '[', elements.Count, indent);
                for (var i = 0; i < elements.Count; i++)
                {
                    Separate(text, i, indent + 1);
                    Write(text, elements[i], stripNulls, indent + 1);
                }

                Close(text, ']', elements.Count, indent);
                break;
            case JsonValueKind.String:
                WriteString(text, value.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(NumberText(value.GetRawText()));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void Open(StringBuilder text, char bracket, int count, int? indent)
    {
        text.Append(bracket);
        _ = (count, indent);
    }

    private static void Separate(StringBuilder text, int index, int? indent)
    {
        if (indent is { } depth)
        {
            text.Append(index > 0 ? ",\n" : "\n").Append(' ', 4 * depth);
        }
        else if (index > 0)
        {
            text.Append(", ");
        }
    }

    private static void Close(StringBuilder text, char bracket, int count, int? indent)
    {
        if (indent is { } depth)
        {
            text.Append('\n').Append(' ', 4 * depth);
        }

        text.Append(bracket);
    }

    /// <summary>escape_json: quotes, backslashes and control characters escaped; everything else as it is.</summary>
    internal static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }

    /// <summary>The elements of a one-dimensional text[] literal such as <c>{a,"b c",NULL}</c>.</summary>
    public static List<string?> ParseTextArray(string literal)
    {
        var body = literal.Trim();
        if (body.Length < 2 || body[0] != '{' || body[^1] != '}')
        {
            throw new FormatException($"malformed array literal: \"{literal}\"");
        }

        var elements = new List<string?>();
        body = body[1..^1];
        var i = 0;
        while (i < body.Length)
        {
            while (i < body.Length && char.IsWhiteSpace(body[i]))
            {
                i++;
            }

            var element = new StringBuilder();
            var quoted = i < body.Length && body[i] == '"';
            if (quoted)
            {
                for (i++; i < body.Length && body[i] != '"'; i++)
                {
                    element.Append(body[i] == '\\' && i + 1 < body.Length ? body[++i] : body[i]);
                }

                i++;
            }
            else
            {
                for (; i < body.Length && body[i] != ','; i++)
                {
                    element.Append(body[i] == '\\' && i + 1 < body.Length ? body[++i] : body[i]);
                }
            }

            while (i < body.Length && body[i] != ',')
            {
                i++;
            }

            i++;
            var text = quoted ? element.ToString() : element.ToString().Trim();
            elements.Add(!quoted && text.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? null : text);
        }

        return elements;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
