using System.Globalization;
using System.Numerics;

namespace HtapRouter.PgWire.Types;

/// <summary>
/// PostgreSQL builds its Ryu port without STRICTLY_SHORTEST: digits lying exactly on the bound of the value's
/// rounding interval (halfway to a neighbour) are never chosen, even though they parse back to the value when its
/// mantissa is even. .NET's shortest form of a float does choose them, and would come out one digit short. Such a form
/// is detected exactly, and replaced by the correctly rounded form one digit (or more) longer. (float8 has its own
/// conversion, <see cref="ShortestDouble"/>, which never chooses a bound.)
/// </summary>
public static partial class PgText
{
    // Only values this large can have a bound with few enough digits to be a shortest form: a bound is
    // odd * 2^k, and below about 2^(mantissa bits - 1) its fraction alone needs more digits than the
    // shortest form has; above 1e40 its odd factor cannot hold enough fives to make the trailing zeros.
    private const double BoundCheckUpperLimit = 1e40;

    // A float's mantissa field, and the most significant digits its shortest round-trip text has.
    private const int FloatMantissaBits = 23;
    private const int FloatMaxDigits = 9;

    private static int ReplaceBoundForm(float value, Span<byte> scratch, int written)
    {
        var (mantissa, exponent, isPowerOfTwo) = Decompose(value);
        var magnitude = Math.Abs((double)value);
        if ((mantissa & 1) != 0 || magnitude < Math.ScaleB(1, FloatMantissaBits - 2) || magnitude >= BoundCheckUpperLimit
            || !IsOnBound(scratch[..written], mantissa, exponent, isPowerOfTwo))
        {
            return written;
        }

        Span<char> format = stackalloc char[4];
        for (var digits = SignificantDigits(scratch[..written]) + 1; digits <= FloatMaxDigits; digits++)
        {
            format[0] = 'E';
            (digits - 1).TryFormat(format[1..], out var length, default, CultureInfo.InvariantCulture);
            value.TryFormat(scratch, out written, format[..(length + 1)], CultureInfo.InvariantCulture);
            if (float.Parse(System.Text.Encoding.ASCII.GetString(scratch[..written]), CultureInfo.InvariantCulture) == value
                && !IsOnBound(scratch[..written], mantissa, exponent, isPowerOfTwo))
            {
                break;
            }
        }

        return written;
    }

    /// <summary>|value| = mantissa * 2^exponent.</summary>
    private static (ulong Mantissa, int Exponent, bool IsPowerOfTwo) Decompose(float value)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(value);
        var field = bits & ((1U << FloatMantissaBits) - 1);
        var biased = (int)((bits >> FloatMantissaBits) & 0xFF);
        return biased == 0
            ? (field, 1 - 127 - FloatMantissaBits, false)
            : (field | (1UL << FloatMantissaBits), biased - 127 - FloatMantissaBits, field == 0 && biased > 1);
    }

    /// <summary>Whether the decimal text is exactly halfway between the value and one of its neighbours.</summary>
    private static bool IsOnBound(ReadOnlySpan<byte> text, ulong mantissa, int exponent, bool isPowerOfTwo)
    {
        var (digits, decimalExponent) = ParseDecimal(text);
        var m = new BigInteger(mantissa);
        return EqualsBinary(digits, decimalExponent, (2 * m) + 1, exponent - 1)
            || (isPowerOfTwo
                ? EqualsBinary(digits, decimalExponent, (4 * m) - 1, exponent - 2)
                : EqualsBinary(digits, decimalExponent, (2 * m) - 1, exponent - 1));
    }

    /// <summary>digits * 10^decimalExponent == odd * 2^binaryExponent, exactly.</summary>
    private static bool EqualsBinary(BigInteger digits, int decimalExponent, BigInteger odd, int binaryExponent)
    {
        var left = digits * BigInteger.Pow(10, Math.Max(decimalExponent, 0)) * BigInteger.Pow(2, Math.Max(-binaryExponent, 0));
        var right = odd * BigInteger.Pow(2, Math.Max(binaryExponent, 0)) * BigInteger.Pow(10, Math.Max(-decimalExponent, 0));
        return left == right;
    }

    /// <summary>.NET's invariant "1.25E+020" or "-0.0001" as unsigned digits and a power of ten.</summary>
    private static (BigInteger Digits, int Exponent) ParseDecimal(ReadOnlySpan<byte> text)
    {
        var digits = BigInteger.Zero;
        var fraction = 0;
        var inFraction = false;
        var i = 0;
        for (; i < text.Length && text[i] is not ((byte)'E' or (byte)'e'); i++)
        {
            if (text[i] == '.')
            {
                inFraction = true;
            }
            else if (Utf8Input.IsDigit(text[i]))
            {
                digits = (digits * 10) + (text[i] - '0');
                fraction += inFraction ? 1 : 0;
            }
        }

        var exponent = i < text.Length ? ParseExponent(text[(i + 1)..]) : 0;
        return (digits, exponent - fraction);
    }

    /// <summary>Digits from the first to the last non-zero one: "121636860" has 8.</summary>
    private static int SignificantDigits(ReadOnlySpan<byte> text)
    {
        int first = -1, last = -1, position = 0;
        foreach (var c in text)
        {
            if (c is (byte)'E' or (byte)'e')
            {
                break;
            }

            if (c is >= (byte)'1' and <= (byte)'9')
            {
                first = first < 0 ? position : first;
                last = position;
            }

            position += Utf8Input.IsDigit(c) ? 1 : 0;
        }

        return first < 0 ? 1 : last - first + 1;
    }
}
