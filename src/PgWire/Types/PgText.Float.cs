using System.Globalization;

namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    // Where float8out/float4out switch to exponent notation for the shortest form: the decimal
    // exponent of the first digit must be in [-4, 15) for float8 and [-4, 6) for float4.
    private const int Float8ShortestFixedLimit = 15;
    private const int Float4ShortestFixedLimit = 6;

    // DBL_DIG and FLT_DIG: the base precision that extra_float_digits <= 0 adds to.
    private const int Float8Digits = 15;
    private const int Float4Digits = 6;

    /// <summary>
    /// float8out: the shortest round-trip text when <paramref name="extraFloatDigits"/> is above 0
    /// (PostgreSQL's default of 1), else printf's %g with 15 + extraFloatDigits significant digits.
    /// </summary>
    public static bool TryFormatFloat8(double value, Span<byte> destination, out int bytesWritten, int extraFloatDigits = 1) =>
        extraFloatDigits > 0 && double.IsFinite(value)
            ? TryFormatShortestDouble(value, destination, out bytesWritten)
            : TryFormatFloatWithPrecision(value, destination, out bytesWritten, Float8Digits + extraFloatDigits);

    /// <summary>float4out: as <see cref="TryFormatFloat8"/> with FLT_DIG (6) instead of DBL_DIG (15).</summary>
    public static bool TryFormatFloat4(float value, Span<byte> destination, out int bytesWritten, int extraFloatDigits = 1) =>
        extraFloatDigits > 0 && float.IsFinite(value)
            ? TryFormatShortestFloat(value, destination, out bytesWritten)
            : TryFormatFloatWithPrecision(value, destination, out bytesWritten, Float4Digits + extraFloatDigits);

    /// <summary>float4out's shortest form of a finite float: .NET's ("R" on a float is float's shortest, not double's), kept off the bounds.</summary>
    private static bool TryFormatShortestFloat(float value, Span<byte> destination, out int bytesWritten)
    {
        Span<byte> scratch = stackalloc byte[32];
        value.TryFormat(scratch, out var written, "R", CultureInfo.InvariantCulture);
        written = ReplaceBoundForm(value, scratch, written);
        return TryLayoutFloat(scratch[..written], Float4ShortestFixedLimit, destination, out bytesWritten);
    }

    /// <summary>printf's %g with <paramref name="precision"/> significant digits (at least 1), or NaN/Infinity.</summary>
    private static bool TryFormatFloatWithPrecision(double value, Span<byte> destination, out int bytesWritten, int precision)
    {
        if (!double.IsFinite(value))
        {
            return TryCopy(NonFiniteText(value), destination, out bytesWritten);
        }

        precision = Math.Max(1, precision);
        Span<byte> scratch = stackalloc byte[160];
        FormatWithPrecision(value, precision, scratch, out var written);
        return TryLayoutFloat(scratch[..written], precision, destination, out bytesWritten);
    }

    /// <summary>float8out's shortest form of a finite double, from <see cref="ShortestDouble"/>.</summary>
    private static bool TryFormatShortestDouble(double value, Span<byte> destination, out int bytesWritten)
    {
        var output = new Utf8Output(destination);
        if (double.IsNegative(value))
        {
            output.Write((byte)'-');
        }

        if (value == 0)
        {
            output.Write((byte)'0');
            return output.TryFinish(out bytesWritten);
        }

        ShortestDouble.Decompose(value, out var digits, out var exponent);
        Span<byte> text = stackalloc byte[20];
        var digitText = new Utf8Output(text);
        digitText.WriteDigits(digits);
        digitText.TryFinish(out var length);
        WriteFloatDigits(ref output, text[..length], exponent + length - 1, Float8ShortestFixedLimit);
        return output.TryFinish(out bytesWritten);
    }

    /// <summary>float8in: decimal or exponent notation, NaN, [+-]Infinity or [+-]inf; rejects overflow and underflow.</summary>
    public static bool TryParseFloat8(ReadOnlySpan<byte> text, out double value)
    {
        text = Utf8Input.TrimSpaces(text);
        if (TryParseNonFinite(text, out value))
        {
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && IsInRange(value, text);
    }

    /// <summary>float4in; see <see cref="TryParseFloat8"/>.</summary>
    public static bool TryParseFloat4(ReadOnlySpan<byte> text, out float value)
    {
        text = Utf8Input.TrimSpaces(text);
        if (TryParseNonFinite(text, out var special))
        {
            value = (float)special;
            return true;
        }

        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && IsInRange(value, text);
    }

    // .NET's "E" formatting rounds exact ties to even, like glibc's printf, so %g's digits match.
    private static void FormatWithPrecision(double value, int precision, Span<byte> scratch, out int written)
    {
        Span<char> format = stackalloc char[4];
        format[0] = 'E';
        (precision - 1).TryFormat(format[1..], out var formatLength, default, CultureInfo.InvariantCulture);
        value.TryFormat(scratch, out written, format[..(formatLength + 1)], CultureInfo.InvariantCulture);
    }

    private static ReadOnlySpan<byte> NonFiniteText(double value) =>
        double.IsNaN(value) ? "NaN"u8 : value > 0 ? "Infinity"u8 : "-Infinity"u8;

    private static bool TryParseNonFinite(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var negative = !text.IsEmpty && text[0] == '-';
        var unsigned = !text.IsEmpty && text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (Utf8Input.EqualsIgnoreCase(text, "NaN"u8))
        {
            value = double.NaN;
            return true;
        }

        if (Utf8Input.EqualsIgnoreCase(unsigned, "Infinity"u8) || Utf8Input.EqualsIgnoreCase(unsigned, "inf"u8))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        return false;
    }

    // .NET turns overflow into infinity and underflow into zero; PostgreSQL reports both as out of range.
    private static bool IsInRange(double value, ReadOnlySpan<byte> text)
    {
        if (double.IsInfinity(value))
        {
            return false;
        }

        if (value != 0)
        {
            return true;
        }

        foreach (var c in text)
        {
            if (c is (byte)'e' or (byte)'E')
            {
                break;
            }

            if (c is >= (byte)'1' and <= (byte)'9')
            {
                return false;
            }
        }

        return true;
    }
}
