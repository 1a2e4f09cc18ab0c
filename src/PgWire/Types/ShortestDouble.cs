using System.Numerics;
using System.Runtime.CompilerServices;

namespace HtapRouter.PgWire.Types;

/// <summary>
/// The shortest decimal that reads back to a double, chosen as PostgreSQL's float8out chooses it (it uses Ulf Adams'
/// Ryū, "Ryū: fast float-to-string conversion", PLDI 2018): the digits nearest the exact value among the shortest,
/// and never a decimal that lies exactly halfway to a neighbouring double, even where reading it back would round
/// to this one. Our own implementation of the paper's method, in 64-bit steps with 128-bit multipliers.
/// </summary>
internal static class ShortestDouble
{
    private const int MantissaBits = 52;
    private const int ExponentBias = 1023;

    // Every multiplier is scaled to this many bits: enough for the 64-bit products to stay exact where it matters.
    private const int MultiplierBits = 125;

    // 5^q for the exponents q that positive binary exponents need (up to 291), and 5^i for negative ones (up to 325).
    private const int InverseTableSize = 342;
    private const int PowerTableSize = 326;

    private static readonly UInt128[] s_inversePowersOfFive = BuildInverseTable();
    private static readonly UInt128[] s_powersOfFive = BuildPowerTable();

    /// <summary>
    /// A finite, non-zero |value| as digits × 10^exponent with the fewest digits that read back to it
    /// (no trailing zeros in <paramref name="digits"/>).
    /// </summary>
    public static void Decompose(double value, out ulong digits, out int exponent)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        var fraction = bits & ((1UL << MantissaBits) - 1);
        var biasedExponent = (int)((bits >> MantissaBits) & 0x7FF);

        // Work with four times the mantissa (two extra bits) so the midpoints to both neighbours are integers:
        // the value is 4m × 2^e2, the midpoint above (4m + 2) × 2^e2 and the one below (4m - lowerGap) × 2^e2.
        int e2;
        ulong m2;
        if (biasedExponent == 0)
        {
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = fraction;
        }
        else
        {
            e2 = biasedExponent - ExponentBias - MantissaBits - 2;
            m2 = (1UL << MantissaBits) | fraction;
        }

        var scaled = 4 * m2;

        // At a power of two the double below is twice as close as the one above, so the lower midpoint is nearer.
        var lowerGap = fraction != 0 || biasedExponent <= 1 ? 2UL : 1UL;

        // Step 1: scale the value and both midpoints by a power of ten (multiplying by 2^e2 along the way) and take
        // their integer parts: a decimal interval [below, above] and the value's own decimal, truncated.
        ulong exact, above, below;
        int decimalExponent;
        var exactHasTrailingZeros = false;
        if (e2 >= 0)
        {
            var q = Log10OfPowerOfTwo(e2) - (e2 > 3 ? 1 : 0);
            decimalExponent = q;
            var shift = -e2 + q + MultiplierBits + PowerOfFiveBits(q) - 1;
            var multiplier = s_inversePowersOfFive[q];
            exact = MultiplyShift(scaled, multiplier, shift);
            above = MultiplyShift(scaled + 2, multiplier, shift);
            below = MultiplyShift(scaled - lowerGap, multiplier, shift);
            if (q <= 21)
            {
                // Truncation lost nothing only when the number is a multiple of 5^q; at most one of the three is.
                if (scaled % 5 == 0)
                {
                    exactHasTrailingZeros = IsMultipleOfPowerOfFive(scaled, q);
                }
                else if (IsMultipleOfPowerOfFive(scaled + 2, q))
                {
                    // The upper midpoint itself is exact: it belongs to the neighbour, so it is out of the interval.
                    above--;
                }
            }
        }
        else
        {
            var q = Log10OfPowerOfFive(-e2) - (-e2 > 1 ? 1 : 0);
            decimalExponent = q + e2;
            var power = -e2 - q;
            var shift = q - (PowerOfFiveBits(power) - MultiplierBits);
            var multiplier = s_powersOfFive[power];
            exact = MultiplyShift(scaled, multiplier, shift);
            above = MultiplyShift(scaled + 2, multiplier, shift);
            below = MultiplyShift(scaled - lowerGap, multiplier, shift);
            if (q <= 1)
            {
                // scaled has two trailing zero bits and scaled + 2 one: both products are exact.
                exactHasTrailingZeros = true;
                above--;
            }
            else if (q < 63)
            {
                exactHasTrailingZeros = (scaled & ((1UL << (q - 1)) - 1)) == 0;
            }
        }

        // Step 2: drop digits while the interval still holds a number with fewer digits, remembering enough of what
        // was dropped to round the value's own digits to nearest (ties to even when the value was exact).
        var removed = 0;
        ulong result;
        if (exactHasTrailingZeros)
        {
            var lastRemoved = 0UL;
            while (above / 10 > below / 10)
            {
                exactHasTrailingZeros &= lastRemoved == 0;
                (exact, lastRemoved) = Math.DivRem(exact, 10UL);
                above /= 10;
                below /= 10;
                removed++;
            }

            if (exactHasTrailingZeros && lastRemoved == 5 && exact % 2 == 0)
            {
                lastRemoved = 4;
            }

            result = exact + (exact == below || lastRemoved >= 5 ? 1UL : 0UL);
        }
        else
        {
            var roundUp = false;
            if (above / 100 > below / 100)
            {
                (exact, var lastTwo) = Math.DivRem(exact, 100UL);
                roundUp = lastTwo >= 50;
                above /= 100;
                below /= 100;
                removed += 2;
            }

            while (above / 10 > below / 10)
            {
                (exact, var last) = Math.DivRem(exact, 10UL);
                roundUp = last >= 5;
                above /= 10;
                below /= 10;
                removed++;
            }

            // The truncated lower midpoint is not in the interval (it is the neighbour's, or below it).
            result = exact + (exact == below || roundUp ? 1UL : 0UL);
        }

        // Rounding up can end in a zero (…19.6 → …20); the text never shows trailing zeros.
        while (result % 10 == 0)
        {
            result /= 10;
            removed++;
        }

        digits = result;
        exponent = decimalExponent + removed;
    }

    /// <summary>(value × multiplier) >> shift, for a 55-bit value and a 125-bit multiplier; the shift is above 64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyShift(ulong value, UInt128 multiplier, int shift)
    {
        var lowHigh = Math.BigMul(value, (ulong)multiplier, out _);
        var highHigh = Math.BigMul(value, (ulong)(multiplier >> 64), out var highLow);
        var sum = new UInt128(highHigh, highLow) + lowHigh;
        return (ulong)(sum >> (shift - 64));
    }

    /// <summary>floor(log10(2^e)) for 0 ≤ e ≤ 1650.</summary>
    private static int Log10OfPowerOfTwo(int e) => (int)(((uint)e * 78913) >> 18);

    /// <summary>floor(log10(5^e)) for 0 ≤ e ≤ 2620.</summary>
    private static int Log10OfPowerOfFive(int e) => (int)(((uint)e * 732923) >> 20);

    /// <summary>The bit length of 5^e (1 for e = 0), for 0 ≤ e ≤ 3528.</summary>
    private static int PowerOfFiveBits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    private static bool IsMultipleOfPowerOfFive(ulong value, int power)
    {
        var count = 0;
        while (value != 0 && value % 5 == 0 && count < power)
        {
            value /= 5;
            count++;
        }

        return count >= power;
    }

    /// <summary>floor(2^(bits(5^q) - 1 + 125) / 5^q) + 1: a 125-bit reciprocal of 5^q, rounded up.</summary>
    private static UInt128[] BuildInverseTable()
    {
        var table = new UInt128[InverseTableSize];
        for (var q = 0; q < table.Length; q++)
        {
            var power = BigInteger.Pow(5, q);
            var scaled = (BigInteger.One << ((int)power.GetBitLength() - 1 + MultiplierBits)) / power + 1;
            table[q] = (UInt128)scaled;
        }

        return table;
    }

    /// <summary>5^i cut or padded to its top 125 bits.</summary>
    private static UInt128[] BuildPowerTable()
    {
        var table = new UInt128[PowerTableSize];
        for (var i = 0; i < table.Length; i++)
        {
            var power = BigInteger.Pow(5, i);
            var extra = (int)power.GetBitLength() - MultiplierBits;
            table[i] = (UInt128)(extra >= 0 ? power >> extra : power << -extra);
        }

        return table;
    }
}
