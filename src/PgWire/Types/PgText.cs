using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace HtapRouter.PgWire.Types;

/// <summary>
/// PostgreSQL's text format: what the type output functions print and the input functions accept,
/// as UTF-8. Format methods write into the caller's span and return false, writing nothing useful,
/// when it is too small; they do not allocate. Parse methods return false for input PostgreSQL
/// would reject (SQLSTATE 22P02 or 22003 for the caller to report).
/// </summary>
public static partial class PgText
{
    private const NumberStyles IntegerStyle =
        NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign;

    public static bool TryFormatBool(bool value, Span<byte> destination, out int bytesWritten) =>
        TryCopy(value ? "t"u8 : "f"u8, destination, out bytesWritten);

    /// <summary>
    /// Accepts what boolin accepts: any unique prefix of true/false/yes/no, "on", "off", 1, 0,
    /// ignoring case and surrounding white space.
    /// </summary>
    public static bool TryParseBool(ReadOnlySpan<byte> text, out bool value)
    {
        text = Utf8Input.TrimSpaces(text);
        value = false;
        if (text.IsEmpty)
        {
            return false;
        }

        switch (text[0] | 0x20)
        {
            case 't': return value = IsPrefixOf(text, "true"u8);
            case 'y': return value = IsPrefixOf(text, "yes"u8);
            case 'f': return IsPrefixOf(text, "false"u8);
            case 'n': return IsPrefixOf(text, "no"u8);
            case '1': return value = text.Length == 1;
            case '0': return text.Length == 1;
            case 'o':
                // "o" alone is ambiguous between on and off.
                value = text.Length >= 2 && IsPrefixOf(text, "on"u8);
                return value || (text.Length >= 2 && IsPrefixOf(text, "off"u8));
            default: return false;
        }
    }

    public static bool TryFormatInt2(short value, Span<byte> destination, out int bytesWritten) =>
        value.TryFormat(destination, out bytesWritten, default, CultureInfo.InvariantCulture);

    public static bool TryFormatInt4(int value, Span<byte> destination, out int bytesWritten) =>
        value.TryFormat(destination, out bytesWritten, default, CultureInfo.InvariantCulture);

    public static bool TryFormatInt8(long value, Span<byte> destination, out int bytesWritten) =>
        value.TryFormat(destination, out bytesWritten, default, CultureInfo.InvariantCulture);

    public static bool TryFormatOid(uint value, Span<byte> destination, out int bytesWritten) =>
        value.TryFormat(destination, out bytesWritten, default, CultureInfo.InvariantCulture);

    public static bool TryParseInt2(ReadOnlySpan<byte> text, out short value) =>
        short.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt4(ReadOnlySpan<byte> text, out int value) =>
        int.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt8(ReadOnlySpan<byte> text, out long value) =>
        long.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out value);

    public static bool TryParseOid(ReadOnlySpan<byte> text, out uint value) =>
        uint.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out value);

    /// <summary>text, varchar, bpchar, name, json: the value is its own UTF-8 text.</summary>
    public static bool TryFormatText(ReadOnlySpan<byte> utf8, Span<byte> destination, out int bytesWritten) =>
        TryCopy(utf8, destination, out bytesWritten);

    /// <summary>text, varchar, bpchar, name, json from a .NET string.</summary>
    public static bool TryFormatText(ReadOnlySpan<char> value, Span<byte> destination, out int bytesWritten) =>
        Utf8.FromUtf16(value, destination, out _, out bytesWritten) == OperationStatus.Done;

    /// <summary>Checks that text is valid UTF-8, which is all textin does with a UTF-8 database.</summary>
    public static bool IsValidText(ReadOnlySpan<byte> utf8) => Utf8.IsValid(utf8) && !utf8.Contains((byte)0);

    internal static bool TryCopy(ReadOnlySpan<byte> source, Span<byte> destination, out int bytesWritten)
    {
        if (source.TryCopyTo(destination))
        {
            bytesWritten = source.Length;
            return true;
        }

        bytesWritten = 0;
        return false;
    }

    private static bool IsPrefixOf(ReadOnlySpan<byte> text, ReadOnlySpan<byte> word) =>
        text.Length <= word.Length && Utf8Input.StartsWithIgnoreCase(word, text);
}
