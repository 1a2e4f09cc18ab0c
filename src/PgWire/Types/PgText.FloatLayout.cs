namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    /// <summary>
    /// Re-lays out .NET's invariant float text ("-1.25E+020", "0.0001", "123") in printf %g style:
    /// plain digits when the decimal exponent of the first digit is in [-4, fixedLimit), otherwise
    /// "d.ddde+XX" with at least two exponent digits. Trailing fraction zeros are dropped either way.
    /// </summary>
    private static bool TryLayoutFloat(ReadOnlySpan<byte> text, int fixedLimit, Span<byte> destination, out int bytesWritten)
    {
        Span<byte> digits = stackalloc byte[text.Length];
        var negative = text[0] == '-';
        var count = 0;
        var seen = 0;
        var digitsBeforePoint = -1;
        var firstSignificant = -1;
        var i = negative ? 1 : 0;
        for (; i < text.Length && text[i] is not ((byte)'E' or (byte)'e'); i++)
        {
            if (text[i] == '.')
            {
                digitsBeforePoint = seen;
                continue;
            }

            if (firstSignificant < 0 && text[i] != '0')
            {
                firstSignificant = seen;
            }

            if (firstSignificant >= 0)
            {
                digits[count++] = text[i];
            }

            seen++;
        }

        if (digitsBeforePoint < 0)
        {
            digitsBeforePoint = seen;
        }

        while (count > 0 && digits[count - 1] == '0')
        {
            count--;
        }

        var output = new Utf8Output(destination);
        if (negative)
        {
            output.Write((byte)'-');
        }

        if (count == 0)
        {
            output.Write((byte)'0');
            return output.TryFinish(out bytesWritten);
        }

        var exponent = i < text.Length ? ParseExponent(text[(i + 1)..]) : 0;
        WriteFloatDigits(ref output, digits[..count], exponent + digitsBeforePoint - 1 - firstSignificant, fixedLimit);
        return output.TryFinish(out bytesWritten);
    }

    private static int ParseExponent(ReadOnlySpan<byte> text)
    {
        var negative = text[0] == '-';
        var value = 0;
        foreach (var c in text)
        {
            if (Utf8Input.IsDigit(c))
            {
                value = (value * 10) + (c - '0');
            }
        }

        return negative ? -value : value;
    }

    private static void WriteFloatDigits(ref Utf8Output output, scoped ReadOnlySpan<byte> digits, int exponent, int fixedLimit)
    {
        if (exponent < -4 || exponent >= fixedLimit)
        {
            output.Write(digits[0]);
            if (digits.Length > 1)
            {
                output.Write((byte)'.');
                output.Write(digits[1..]);
            }

            output.Write((byte)'e');
            output.Write(exponent < 0 ? (byte)'-' : (byte)'+');
            output.WriteDigits((ulong)Math.Abs(exponent), 2);
            return;
        }

        if (exponent < 0)
        {
            output.Write("0."u8);
            for (var z = -1; z > exponent; z--)
            {
                output.Write((byte)'0');
            }

            output.Write(digits);
            return;
        }

        for (var d = 0; d <= exponent; d++)
        {
            output.Write(d < digits.Length ? digits[d] : (byte)'0');
        }

        if (digits.Length > exponent + 1)
        {
            output.Write((byte)'.');
            output.Write(digits[(exponent + 1)..]);
        }
    }
}
