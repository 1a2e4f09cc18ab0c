namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    /// <summary>uuid_out: lower case with dashes.</summary>
    public static bool TryFormatUuid(Guid value, Span<byte> destination, out int bytesWritten) =>
        value.TryFormat(destination, out bytesWritten, "D");

    /// <summary>
    /// uuid_in: 32 hex digits, optionally in braces, with an optional '-' after any group of four
    /// digits ("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc999c0b4ef8bb6d6bb9bd380a11}").
    /// </summary>
    public static bool TryParseUuid(ReadOnlySpan<byte> text, out Guid value)
    {
        value = default;
        var braces = !text.IsEmpty && text[0] == '{';
        if (braces)
        {
            if (text.Length < 2 || text[^1] != '}')
            {
                return false;
            }

            text = text[1..^1];
        }

        Span<byte> bytes = stackalloc byte[16];
        var position = 0;
        for (var i = 0; i < 16; i++)
        {
            if (position + 2 > text.Length || HexValue(text[position]) is not (var high and >= 0) || HexValue(text[position + 1]) is not (var low and >= 0))
            {
                return false;
            }

            bytes[i] = (byte)((high << 4) | low);
            position += 2;
            if (i % 2 == 1 && i < 15 && position < text.Length && text[position] == '-')
            {
                position++;
            }
        }

        if (position != text.Length)
        {
            return false;
        }

        value = new Guid(bytes, bigEndian: true);
        return true;
    }

    /// <summary>byteaout with bytea_output = hex: "\x" and two lower-case hex digits per byte.</summary>
    public static bool TryFormatBytea(ReadOnlySpan<byte> value, Span<byte> destination, out int bytesWritten)
    {
        var output = new Utf8Output(destination);
        output.Write("\\x"u8);
        foreach (var b in value)
        {
            WriteHexByte(ref output, b);
        }

        return output.TryFinish(out bytesWritten);
    }

    /// <summary>An upper bound of the bytes <see cref="TryParseBytea"/> produces from the text.</summary>
    public static int GetMaxByteaLength(ReadOnlySpan<byte> text) => text.Length;

    /// <summary>
    /// byteain: hex format ("\x0102ff", white space allowed between byte pairs) or escape format,
    /// where "\\" is a backslash, "\ooo" an octal byte, and every other byte stands for itself.
    /// </summary>
    public static bool TryParseBytea(ReadOnlySpan<byte> text, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        return text.StartsWith("\\x"u8) || text.StartsWith("\\X"u8)
            ? TryParseHexBytea(text[2..], destination, out bytesWritten)
            : TryParseEscapeBytea(text, destination, out bytesWritten);
    }

    private static bool TryParseHexBytea(ReadOnlySpan<byte> text, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (Utf8Input.IsSpace(text[i]))
            {
                continue;
            }

            if (i + 1 >= text.Length || HexValue(text[i]) is not (var high and >= 0) || HexValue(text[i + 1]) is not (var low and >= 0)
                || bytesWritten >= destination.Length)
            {
                return false;
            }

            destination[bytesWritten++] = (byte)((high << 4) | low);
            i++;
        }

        return true;
    }

    private static bool TryParseEscapeBytea(ReadOnlySpan<byte> text, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (bytesWritten >= destination.Length)
            {
                return false;
            }

            if (text[i] != '\\')
            {
                destination[bytesWritten++] = text[i];
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '\\')
            {
                destination[bytesWritten++] = (byte)'\\';
                i++;
            }
            else if (i + 3 < text.Length && text[i + 1] is >= (byte)'0' and <= (byte)'3'
                && text[i + 2] is >= (byte)'0' and <= (byte)'7' && text[i + 3] is >= (byte)'0' and <= (byte)'7')
            {
                destination[bytesWritten++] = (byte)(((text[i + 1] - '0') << 6) | ((text[i + 2] - '0') << 3) | (text[i + 3] - '0'));
                i += 3;
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
