using System.Globalization;
using System.Numerics;
using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>
/// float8out's shortest digits checked against exact arithmetic: for every value the text must read back to it, lie
/// strictly between the midpoints to its neighbours (PostgreSQL never prints a midpoint), have no shorter decimal
/// strictly between them, and be the nearest to the value among decimals of its length that are.
/// </summary>
public class ShortestDoubleTests
{
    [Fact]
    public void EveryPowerOfTwo_IsShortestAndNearest()
    {
        // Mantissa 0: the neighbour below is twice as close as the one above, the case the interval is lopsided in.
        for (long exponent = 1; exponent < 2047; exponent++)
        {
            AssertShortestAndNearest(BitConverter.Int64BitsToDouble(exponent << 52));
        }
    }

    [Fact]
    public void RandomBitPatterns_AreShortestAndNearest()
    {
        var random = new Random(20261123);
        for (var i = 0; i < 30_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64() & long.MaxValue);
            if (double.IsFinite(value))
            {
                AssertShortestAndNearest(value);
            }
        }
    }

    [Fact]
    public void ShortDecimalsAndIntegers_AreShortestAndNearest()
    {
        // Values typed as short decimals, where trailing-zero and tie handling decide the digits.
        var random = new Random(7);
        for (var i = 0; i < 30_000; i++)
        {
            var digits = random.NextInt64(1, 100_000_000_000_000_000);
            digits = Math.Max(1, digits / (long)Math.Pow(10, random.Next(0, 17)));
            var text = $"{digits.ToString(CultureInfo.InvariantCulture)}e{random.Next(-30, 30).ToString(CultureInfo.InvariantCulture)}";
            AssertShortestAndNearest(double.Parse(text, CultureInfo.InvariantCulture));
        }

        for (long n = 1; n < 2_000_000; n += 997)
        {
            AssertShortestAndNearest(n);
            AssertShortestAndNearest(n / 7.0);
        }

        AssertShortestAndNearest(9007199254740993);
        AssertShortestAndNearest(double.MaxValue);
        AssertShortestAndNearest(double.Epsilon);
        AssertShortestAndNearest(BitConverter.Int64BitsToDouble(0x000FFFFFFFFFFFFF));
        AssertShortestAndNearest(BitConverter.Int64BitsToDouble(0x0010000000000000));
    }

    /// <summary>Texts PostgreSQL 15 printed for these values (extra_float_digits = 1).</summary>
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e15, "1e+15")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123456789012345.6, "123456789012345.6")]
    // 1e23 is exactly halfway between two doubles: reading it back would round to this one, yet PostgreSQL 15 prints
    // '1e23'::float8 as below, never a midpoint.
    [InlineData(1e23, "9.999999999999999e+22")]
    public void FormatsAsFloat8Out(double value, string expected)
    {
        var buffer = new byte[32];
        Assert.True(PgText.TryFormatFloat8(value, buffer, out var written));
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, written));
    }

    [Fact]
    public void TooSmallDestination_IsReportedNotTruncated()
    {
        Assert.False(PgText.TryFormatFloat8(-1.2345678901234567e-300, new byte[10], out var written));
        Assert.Equal(0, written);
    }

    private static void AssertShortestAndNearest(double value)
    {
        var buffer = new byte[32];
        Assert.True(PgText.TryFormatFloat8(value, buffer, out var written));
        var text = Encoding.ASCII.GetString(buffer, 0, written);
        Assert.True(double.Parse(text, CultureInfo.InvariantCulture) == value, $"{text} does not read back as {value:R}");

        var (digits, exponent) = ParseDecimal(text);
        var (mantissa, binaryExponent) = Exact(value);

        // Midpoints to the neighbours, as odd × 2^(binaryExponent - 2): above 4m + 2, below 4m - 2 (4m - 1 at a power of two).
        var scaled = 4 * mantissa;
        var powerOfTwo = (BitConverter.DoubleToInt64Bits(value) & 0x000FFFFFFFFFFFFF) == 0 && value >= 2.2250738585072014E-308 * 2;
        var upper = scaled + 2;
        var lower = scaled - (powerOfTwo ? 1 : 2);
        var e = binaryExponent - 2;
        Assert.True(Compare(digits, exponent, lower, e) > 0 && Compare(digits, exponent, upper, e) < 0,
            $"{text} is not strictly between the midpoints of {value:R}");

        var length = digits.ToString(CultureInfo.InvariantCulture).Length;
        if (length > 1)
        {
            // A decimal with one digit fewer, rounded down and up from the value: neither may fit between the midpoints.
            var shorterExponent = exponent + 1;
            var floor = FloorDecimal(scaled, e, shorterExponent);
            foreach (var candidate in (BigInteger[])[floor, floor + 1])
            {
                Assert.False(Compare(candidate, shorterExponent, lower, e) > 0 && Compare(candidate, shorterExponent, upper, e) < 0,
                    $"{candidate}e{shorterExponent} is shorter than {text} and also reads back as {value:R}");
            }
        }

        // Nearest: the neighbouring decimals of the same length are no closer to the value (ties go to an even last digit).
        foreach (var neighbour in (BigInteger[])[digits - 1, digits + 1])
        {
            if (neighbour.IsZero || Compare(neighbour, exponent, lower, e) <= 0 || Compare(neighbour, exponent, upper, e) >= 0)
            {
                continue;
            }

            var ours = Distance(digits, exponent, scaled, e);
            var theirs = Distance(neighbour, exponent, scaled, e);
            Assert.True(ours < theirs || (ours == theirs && digits.IsEven), $"{neighbour}e{exponent} is nearer {value:R} than {text}");
        }
    }

    private static (BigInteger Mantissa, int Exponent) Exact(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var fraction = bits & 0x000FFFFFFFFFFFFF;
        var biased = (int)(bits >> 52);
        return biased == 0 ? (fraction, -1074) : (fraction | (1L << 52), biased - 1075);
    }

    private static (BigInteger Digits, int Exponent) ParseDecimal(string text)
    {
        text = text.TrimStart('-');
        var exponentAt = text.IndexOf('e', StringComparison.Ordinal);
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0)
        {
            exponent -= mantissa.Length - point - 1;
            mantissa = mantissa.Remove(point, 1);
        }

        var digits = BigInteger.Parse(mantissa, CultureInfo.InvariantCulture);
        while (!digits.IsZero && digits % 10 == 0)
        {
            digits /= 10;
            exponent++;
        }

        return (digits, exponent);
    }

    /// <summary>Sign of digits × 10^decimalExponent - binary × 2^binaryExponent, exactly.</summary>
    private static int Compare(BigInteger digits, int decimalExponent, BigInteger binary, int binaryExponent)
    {
        var (left, right) = CommonScale(digits, decimalExponent, binary, binaryExponent);
        return left.CompareTo(right);
    }

    private static BigInteger Distance(BigInteger digits, int decimalExponent, BigInteger binary, int binaryExponent)
    {
        var (left, right) = CommonScale(digits, decimalExponent, binary, binaryExponent);
        return BigInteger.Abs(left - right);
    }

    private static (BigInteger Left, BigInteger Right) CommonScale(BigInteger digits, int decimalExponent, BigInteger binary, int binaryExponent) =>
        (digits * BigInteger.Pow(10, Math.Max(decimalExponent, 0)) * BigInteger.Pow(2, Math.Max(-binaryExponent, 0)),
            binary * BigInteger.Pow(2, Math.Max(binaryExponent, 0)) * BigInteger.Pow(10, Math.Max(-decimalExponent, 0)));

    /// <summary>floor(binary × 2^binaryExponent / 10^decimalExponent).</summary>
    private static BigInteger FloorDecimal(BigInteger binary, int binaryExponent, int decimalExponent)
    {
        var numerator = binary * BigInteger.Pow(2, Math.Max(binaryExponent, 0)) * BigInteger.Pow(10, Math.Max(-decimalExponent, 0));
        var denominator = BigInteger.Pow(2, Math.Max(-binaryExponent, 0)) * BigInteger.Pow(10, Math.Max(decimalExponent, 0));
        return BigInteger.Divide(numerator, denominator);
    }
}
