namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    /// <summary>numeric_out: plain notation with exactly <see cref="PgNumeric.DisplayScale"/> fraction digits.</summary>
    public static bool TryFormatNumeric(in PgNumeric value, Span<byte> destination, out int bytesWritten)
    {
        if (!value.IsFinite)
        {
            return TryCopy(value.IsNaN ? "NaN"u8 : value.IsNegative ? "-Infinity"u8 : "Infinity"u8, destination, out bytesWritten);
        }

        var output = new Utf8Output(destination);
        var digits = value.Digits;
        if (value.IsNegative)
        {
            output.Write((byte)'-');
        }

        var place = Math.Max((value.Weight * 4) + 3, 0);
        while (place > 0 && NumericDigits.DigitAt(digits, value.Weight, place) == 0)
        {
            place--;
        }

        for (; place >= 0; place--)
        {
            output.Write((byte)('0' + NumericDigits.DigitAt(digits, value.Weight, place)));
        }

        if (value.DisplayScale > 0)
        {
            output.Write((byte)'.');
            for (place = -1; place >= -value.DisplayScale; place--)
            {
                output.Write((byte)('0' + NumericDigits.DigitAt(digits, value.Weight, place)));
            }
        }

        return output.TryFinish(out bytesWritten);
    }

    /// <summary>
    /// numeric_out for unscaled × 10^-scale (DuckDB's DECIMAL), without building a
    /// <see cref="PgNumeric"/>: 12345 with scale 2 prints "123.45", -5 with scale 3 "-0.005".
    /// </summary>
    public static bool TryFormatNumeric(Int128 unscaled, int scale, Span<byte> destination, out int bytesWritten)
    {
        Span<byte> digits = stackalloc byte[PgNumeric.MaxInt128Digits + 1];
        var count = PgNumeric.FormatUnsigned(unscaled, digits);
        var output = new Utf8Output(destination);
        if (unscaled < 0)
        {
            output.Write((byte)'-');
        }

        var integerDigits = count - scale;
        if (integerDigits <= 0)
        {
            output.Write((byte)'0');
        }
        else
        {
            output.Write(digits[..Math.Min(integerDigits, count)]);
            for (var i = count; i < integerDigits; i++)
            {
                output.Write((byte)'0');
            }
        }

        if (scale > 0)
        {
            output.Write((byte)'.');
            for (var i = integerDigits; i < 0; i++)
            {
                output.Write((byte)'0');
            }

            output.Write(digits[Math.Max(integerDigits, 0)..count]);
        }

        return output.TryFinish(out bytesWritten);
    }

    /// <summary>
    /// numeric_in: optional sign, digits with an optional point, an optional exponent, or NaN,
    /// [+-]Infinity and [+-]inf, with surrounding white space. The display scale is the number of
    /// fraction digits written, less the exponent.
    /// </summary>
    public static bool TryParseNumeric(ReadOnlySpan<byte> text, out PgNumeric value)
    {
        text = Utf8Input.TrimSpaces(text);
        value = default;
        if (Utf8Input.EqualsIgnoreCase(text, "NaN"u8))
        {
            value = PgNumeric.NaN;
            return true;
        }

        var input = new Utf8Input(text);
        var negative = input.TryConsume((byte)'-');
        if (!negative)
        {
            input.TryConsume((byte)'+');
        }

        if (Utf8Input.EqualsIgnoreCase(input.Rest, "Infinity"u8) || Utf8Input.EqualsIgnoreCase(input.Rest, "inf"u8))
        {
            value = negative ? PgNumeric.NegativeInfinity : PgNumeric.PositiveInfinity;
            return true;
        }

        return TryParseFiniteNumeric(input.Rest, negative, out value);
    }

    // 131072 digits before the point: base-10000 weight up to 32767.
    private const long MaxNumericIntegerDigits = 131072;

    internal static int GetNumericTextLength(in PgNumeric value) =>
        // sign + integer digits (at least one) + point + fraction digits; "-Infinity" fits too.
        1 + Math.Max((value.Weight + 1) * 4, 1) + 1 + value.DisplayScale + 9;

    private static bool TryParseFiniteNumeric(ReadOnlySpan<byte> text, bool negative, out PgNumeric value)
    {
        value = default;
        var digits = new byte[text.Length];
        var count = 0;
        var integerDigits = -1;
        var i = 0;
        for (; i < text.Length; i++)
        {
            if (Utf8Input.IsDigit(text[i]))
            {
                digits[count++] = text[i];
            }
            else if (text[i] == '.' && integerDigits < 0)
            {
                integerDigits = count;
            }
            else
            {
                break;
            }
        }

        var fractionDigits = integerDigits < 0 ? 0 : count - integerDigits;
        integerDigits = integerDigits < 0 ? count : integerDigits;
        long exponent = 0;
        if (count == 0 || !TryParseNumericExponent(text[i..], out exponent))
        {
            return false;
        }

        // Beyond these PostgreSQL reports "value overflows numeric format".
        var scale = Math.Max(fractionDigits - exponent, 0);
        if (scale > PgNumeric.MaxDisplayScale || integerDigits + exponent > MaxNumericIntegerDigits)
        {
            return false;
        }

        var groups = new short[PgNumeric.GroupCapacity(count)];
        var n = NumericDigits.ToBase10000(digits.AsSpan(0, count), (int)(integerDigits + exponent), groups, out var weight);
        if (weight > short.MaxValue)
        {
            return false;
        }

        value = new PgNumeric(negative, (short)weight, (int)scale, groups[..n]);
        return true;
    }

    // Exponents this long overflow numeric anyway; the cap keeps the arithmetic in range.
    private static bool TryParseNumericExponent(ReadOnlySpan<byte> text, out long exponent)
    {
        exponent = 0;
        if (text.IsEmpty)
        {
            return true;
        }

        var input = new Utf8Input(text[1..]);
        var negative = input.TryConsume((byte)'-');
        if (!negative)
        {
            input.TryConsume((byte)'+');
        }

        if ((text[0] | 0x20) != 'e' || !input.TryReadNumber(out exponent, out _, maxDigits: 9) || !input.AtEnd)
        {
            return false;
        }

        exponent = negative ? -exponent : exponent;
        return true;
    }
}
