using System.Globalization;

namespace HtapRouter.PgWire.Types;

public readonly partial struct PgNumeric
{
    /// <summary>
    /// The value unscaled × 10^-scale with display scale <paramref name="scale"/>, as DuckDB's
    /// DECIMAL(p, s) holds it; a negative scale multiplies and leaves no fraction.
    /// </summary>
    public static PgNumeric FromDecimal(Int128 unscaled, int scale)
    {
        Span<byte> digits = stackalloc byte[MaxInt128Digits + 1];
        var count = FormatUnsigned(unscaled, digits);
        var groups = new short[GroupCapacity(count)];
        var n = NumericDigits.ToBase10000(digits[..count], count - scale, groups, out var weight);
        return new PgNumeric(unscaled < 0, checked((short)weight), Math.Max(scale, 0), groups[..n]);
    }

    /// <summary>A .NET decimal, keeping its scale (1.50m stays 1.50).</summary>
    public static PgNumeric FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        return FromDecimal(bits[3] < 0 ? -magnitude : magnitude, scale);
    }

    /// <summary>
    /// The value as unscaled × 10^-<see cref="DisplayScale"/>; false for NaN, infinities, values
    /// beyond Int128 and digits past the display scale (which a well-formed numeric never has).
    /// </summary>
    public bool TryGetDecimal(out Int128 unscaled, out int scale)
    {
        unscaled = 0;
        scale = DisplayScale;
        return IsFinite && TryGetDecimal(IsNegative, Weight, scale, Digits, out unscaled);
    }

    internal static bool TryGetDecimal(bool negative, int weight, int scale, ReadOnlySpan<short> digits, out Int128 unscaled)
    {
        unscaled = 0;
        UInt128 magnitude = 0;
        var limit = ((UInt128)Int128.MaxValue + (negative ? 1u : 0u) - 9) / 10;
        // Walk every decimal place from the first digit's down to the display scale.
        for (var place = (weight * 4) + 3; place >= -scale; place--)
        {
            if (magnitude > limit)
            {
                return false;
            }

            magnitude = (magnitude * 10) + (uint)NumericDigits.DigitAt(digits, weight, place);
        }

        if (NumericDigits.HasDigitsBelow(digits, weight, -scale))
        {
            return false;
        }

        unscaled = negative ? (Int128)(0 - magnitude) : (Int128)magnitude;
        return true;
    }

    /// <summary>Int128.MinValue has 39 digits.</summary>
    internal const int MaxInt128Digits = 39;

    /// <summary>Writes |value| in decimal into <paramref name="digits"/> and returns the digit count.</summary>
    internal static int FormatUnsigned(Int128 value, Span<byte> digits)
    {
        var magnitude = value < 0 ? (UInt128)(-(value + 1)) + 1 : (UInt128)value;
        magnitude.TryFormat(digits, out var count, default, CultureInfo.InvariantCulture);
        return count;
    }

    /// <summary>Base-10000 digits needed for n decimal digits wherever the point falls.</summary>
    internal static int GroupCapacity(int decimalDigits) => (decimalDigits / 4) + 2;
}
