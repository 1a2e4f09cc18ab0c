using System.Buffers.Binary;

namespace HtapRouter.PgWire.Types;

public static partial class PgBinary
{
    private const int NumericHeaderSize =
        sizeof(short) + // ndigits
        sizeof(short) + // weight
        sizeof(ushort) + // sign
        sizeof(short); // dscale

    private const int InfinityDisplayScale = 32;

    /// <summary>numeric_send: ndigits, weight, sign, dscale, then the base-10000 digits.</summary>
    public static bool TryWriteNumeric(in PgNumeric value, Span<byte> destination, out int bytesWritten)
    {
        // PostgreSQL 15 sends a dscale of 32 for ±Infinity, read from the special value's header
        // bits; copied so the bytes match a real server's.
        var scale = value.IsPositiveInfinity || value.IsNegativeInfinity ? InfinityDisplayScale : value.DisplayScale;
        return TryWriteNumeric(value.SignWord, value.Weight, scale, value.Digits, destination, out bytesWritten);
    }

    /// <summary>numeric_send for unscaled × 10^-scale (DuckDB's DECIMAL) without allocating.</summary>
    public static bool TryWriteNumeric(Int128 unscaled, int scale, Span<byte> destination, out int bytesWritten)
    {
        Span<byte> digits = stackalloc byte[PgNumeric.MaxInt128Digits + 1];
        var count = PgNumeric.FormatUnsigned(unscaled, digits);
        Span<short> groups = stackalloc short[PgNumeric.GroupCapacity(count)];
        var n = NumericDigits.ToBase10000(digits[..count], count - scale, groups, out var weight);
        var sign = unscaled < 0 ? PgNumeric.NegativeSign : PgNumeric.PositiveSign;
        bytesWritten = 0;
        return weight <= short.MaxValue
            && TryWriteNumeric(sign, (short)weight, Math.Max(scale, 0), groups[..n], destination, out bytesWritten);
    }

    /// <summary>numeric_recv: validates the sign word and digits as PostgreSQL does; allocates the digits.</summary>
    public static bool TryReadNumeric(ReadOnlySpan<byte> source, out PgNumeric value)
    {
        value = default;
        if (!TryReadNumericHeader(source, out var count, out var weight, out var sign, out var scale))
        {
            return false;
        }

        value = sign switch
        {
            PgNumeric.NaNSign => PgNumeric.NaN,
            PgNumeric.PositiveInfinitySign => PgNumeric.PositiveInfinity,
            PgNumeric.NegativeInfinitySign => PgNumeric.NegativeInfinity,
            _ => new PgNumeric(sign == PgNumeric.NegativeSign, weight, scale, ReadDigits(source[NumericHeaderSize..], count)),
        };
        return true;
    }

    /// <summary>
    /// numeric_recv straight to unscaled × 10^-scale (scale = dscale); false for NaN, infinities and
    /// values beyond Int128.
    /// </summary>
    public static bool TryReadNumeric(ReadOnlySpan<byte> source, out Int128 unscaled, out int scale)
    {
        unscaled = 0;
        scale = 0;
        if (!TryReadNumericHeader(source, out var count, out var weight, out var sign, out scale)
            || sign is not (PgNumeric.PositiveSign or PgNumeric.NegativeSign) || count > 12)
        {
            return false;
        }

        Span<short> digits = stackalloc short[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = BinaryPrimitives.ReadInt16BigEndian(source[(NumericHeaderSize + (i * 2))..]);
        }

        return PgNumeric.TryGetDecimal(sign == PgNumeric.NegativeSign, weight, scale, digits, out unscaled);
    }

    private static bool TryWriteNumeric(ushort sign, short weight, int scale, ReadOnlySpan<short> digits, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        var length = NumericHeaderSize + (digits.Length * sizeof(short));
        if (destination.Length < length)
        {
            return false;
        }

        BinaryPrimitives.WriteInt16BigEndian(destination, (short)digits.Length);
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], digits.IsEmpty ? (short)0 : weight);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], sign);
        BinaryPrimitives.WriteInt16BigEndian(destination[6..], (short)scale);
        for (var i = 0; i < digits.Length; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(destination[(NumericHeaderSize + (i * 2))..], digits[i]);
        }

        bytesWritten = length;
        return true;
    }

    private static bool TryReadNumericHeader(ReadOnlySpan<byte> source, out int count, out short weight, out ushort sign, out int scale)
    {
        count = scale = 0;
        weight = 0;
        sign = 0;
        if (source.Length < NumericHeaderSize)
        {
            return false;
        }

        count = BinaryPrimitives.ReadInt16BigEndian(source);
        weight = BinaryPrimitives.ReadInt16BigEndian(source[2..]);
        sign = BinaryPrimitives.ReadUInt16BigEndian(source[4..]);
        scale = BinaryPrimitives.ReadInt16BigEndian(source[6..]);
        if (count < 0 || source.Length != NumericHeaderSize + (count * 2) || scale is < 0 or > PgNumeric.MaxDisplayScale
            || sign is not (PgNumeric.PositiveSign or PgNumeric.NegativeSign or PgNumeric.NaNSign
                or PgNumeric.PositiveInfinitySign or PgNumeric.NegativeInfinitySign))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (BinaryPrimitives.ReadInt16BigEndian(source[(NumericHeaderSize + (i * 2))..]) is < 0 or > 9999)
            {
                return false;
            }
        }

        return true;
    }

    private static short[] ReadDigits(ReadOnlySpan<byte> source, int count)
    {
        var digits = new short[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = BinaryPrimitives.ReadInt16BigEndian(source[(i * 2)..]);
        }

        return digits;
    }
}
