namespace HtapRouter.PgWire.Types;

/// <summary>
/// An arbitrary-precision numeric as PostgreSQL keeps it: base-10000 digits, the weight (power of
/// 10000) of the first digit, a sign, and the display scale (digits printed after the point).
/// Equality is by representation, so 1.5 and 1.50 differ, as they print differently.
/// </summary>
public readonly partial struct PgNumeric : IEquatable<PgNumeric>
{
    // The sign word of the binary format and of numeric's on-disk header.
    internal const ushort PositiveSign = 0x0000;
    internal const ushort NegativeSign = 0x4000;
    internal const ushort NaNSign = 0xC000;
    internal const ushort PositiveInfinitySign = 0xD000;
    internal const ushort NegativeInfinitySign = 0xF000;

    /// <summary>NUMERIC_DSCALE_MAX.</summary>
    public const int MaxDisplayScale = 0x3FFF;

    private readonly short[]? _digits;

    /// <summary>Creates a finite value; <paramref name="digits"/> are base-10000 digits, most significant first.</summary>
    public PgNumeric(bool isNegative, short weight, int displayScale, short[] digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ArgumentOutOfRangeException.ThrowIfNegative(displayScale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(displayScale, MaxDisplayScale);
        foreach (var digit in digits)
        {
            if (digit is < 0 or > 9999)
            {
                throw new ArgumentOutOfRangeException(nameof(digits), "Base-10000 digits must be 0..9999.");
            }
        }

        SignWord = isNegative && Array.Exists(digits, d => d != 0) ? NegativeSign : PositiveSign;
        Weight = weight;
        DisplayScale = (ushort)displayScale;
        _digits = digits;
    }

    private PgNumeric(ushort sign) => SignWord = sign;

    public static PgNumeric NaN { get; } = new(NaNSign);

    public static PgNumeric PositiveInfinity { get; } = new(PositiveInfinitySign);

    public static PgNumeric NegativeInfinity { get; } = new(NegativeInfinitySign);

    public static PgNumeric Zero { get; } = new(false, 0, 0, []);

    internal ushort SignWord { get; }

    /// <summary>Power of 10000 of the first digit: 0 for 1..9999, -1 for 0.0001..0.9999.</summary>
    public short Weight { get; }

    /// <summary>Digits printed after the decimal point (numeric's dscale).</summary>
    public int DisplayScale { get; }

    public ReadOnlySpan<short> Digits => _digits;

    public bool IsNaN => SignWord == NaNSign;

    public bool IsPositiveInfinity => SignWord == PositiveInfinitySign;

    public bool IsNegativeInfinity => SignWord == NegativeInfinitySign;

    public bool IsFinite => SignWord is PositiveSign or NegativeSign;

    public bool IsNegative => SignWord is NegativeSign or NegativeInfinitySign;

    public static bool operator ==(PgNumeric left, PgNumeric right) => left.Equals(right);

    public static bool operator !=(PgNumeric left, PgNumeric right) => !left.Equals(right);

    public bool Equals(PgNumeric other) =>
        SignWord == other.SignWord && DisplayScale == other.DisplayScale && SignificantDigitsEqual(other);

    public override bool Equals(object? obj) => obj is PgNumeric other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(SignWord, DisplayScale, TrimmedDigits().Length);

    /// <summary>The value as numeric_out prints it.</summary>
    public override string ToString()
    {
        var buffer = new byte[PgText.GetNumericTextLength(this)];
        PgText.TryFormatNumeric(this, buffer, out var written);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, written);
    }

    private bool SignificantDigitsEqual(PgNumeric other) =>
        TrimmedDigits().SequenceEqual(other.TrimmedDigits()) && (TrimmedDigits().IsEmpty || TrimmedWeight() == other.TrimmedWeight());

    private ReadOnlySpan<short> TrimmedDigits()
    {
        var digits = Digits;
        var start = 0;
        while (start < digits.Length && digits[start] == 0)
        {
            start++;
        }

        var end = digits.Length;
        while (end > start && digits[end - 1] == 0)
        {
            end--;
        }

        return digits[start..end];
    }

    private int TrimmedWeight()
    {
        var leadingZeros = 0;
        while (leadingZeros < Digits.Length && Digits[leadingZeros] == 0)
        {
            leadingZeros++;
        }

        return Weight - leadingZeros;
    }
}
