using System.Buffers;
using System.Globalization;
using System.Text;
using HtapRouter.PgWire.Types;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>Turns pgoutput's text form of a value into what the column's parameter expression expects.</summary>
internal static class ValueConverter
{
    public static object? Convert(ColumnType type, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return type.Conversion switch
        {
            ValueConversion.Bytea => Bytea(text),
            ValueConversion.Array => ArrayToJson(text, type.ElementIsText),
            ValueConversion.Interval => Interval(text),
            ValueConversion.Date => text.EndsWith(" BC", StringComparison.Ordinal) ? $"{text[..^3]} (BC)" : text,
            _ => text,
        };
    }

    private static byte[] Bytea(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var bytes = new byte[utf8.Length];
        return PgText.TryParseBytea(utf8, bytes, out var written)
            ? bytes.AsSpan(0, written).ToArray()
            : throw new FormatException($"invalid bytea value from the primary: {text}");
    }

    private static string Interval(string text) =>
        PgText.TryParseInterval(Encoding.UTF8.GetBytes(text), out var value)
            ? string.Create(CultureInfo.InvariantCulture, $"{value.Months} months {value.Days} days {value.Microseconds} microseconds")
            : throw new FormatException($"invalid interval value from the primary: {text}");

    /// <summary>"{1,NULL,"a b"}" becomes [1,null,"a b"], which DuckDB casts from JSON to a list exactly.</summary>
    private static string ArrayToJson(string text, bool elementsAreText)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(utf8.Length, 16));
        try
        {
            var reader = new PgTextArrayReader(utf8);
            var json = new StringBuilder("[");
            var first = true;
            while (reader.TryReadNext(scratch, out var element, out var isNull))
            {
                json.Append(first ? "" : ",");
                first = false;
                var value = Encoding.UTF8.GetString(element);
                json.Append(isNull ? "null" : elementsAreText ? System.Text.Json.JsonSerializer.Serialize(value) : JsonNumber(value));
            }

            return reader.IsMalformed
                ? throw new FormatException($"invalid array value from the primary: {text}")
                : json.Append(']').ToString();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Numbers and booleans as JSON; NaN and infinities, which JSON lacks, as strings DuckDB casts back.</summary>
    private static string JsonNumber(string value) => value switch
    {
        "t" => "true",
        "f" => "false",
        "NaN" or "Infinity" or "-Infinity" => $"\"{value}\"",
        _ => value,
    };
}
