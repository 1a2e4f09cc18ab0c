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
            ValueConversion.Array => ArrayToJson(text, type.Element!),
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

    /// <summary>
    /// "{1,NULL,"a b"}" becomes ["1",null,"a b"]: each element's text after its own conversion, which DuckDB
    /// casts to the element type exactly as it casts a column's value.
    /// </summary>
    private static string ArrayToJson(string text, ColumnType element)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(utf8.Length, 16));
        try
        {
            var reader = new PgTextArrayReader(utf8);
            var json = new StringBuilder("[");
            var first = true;
            while (reader.TryReadNext(scratch, out var value, out var isNull))
            {
                json.Append(first ? "" : ",");
                first = false;
                json.Append(isNull ? "null" : System.Text.Json.JsonSerializer.Serialize((string)Convert(element, Encoding.UTF8.GetString(value))!));
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
}
