using System.Numerics;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>
/// numeric from DECIMAL(p,s) stored as <typeparamref name="T"/> (int16/int32/int64/int128 by width),
/// and from HUGEINT and UBIGINT with scale 0: the unscaled integer goes to the Int128 fast path.
/// </summary>
internal sealed class NumericEncoder<T>(int scale) : ValueEncoder(48, 40)
    where T : unmanaged, IBinaryInteger<T>
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatNumeric(Int128.CreateTruncating(Read<T>(row)), scale, destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteNumeric(Int128.CreateTruncating(Read<T>(row)), scale, destination, out bytesWritten);
}

/// <summary>numeric from UHUGEINT; values above Int128.MaxValue take a slower path through numeric text.</summary>
internal sealed class UHugeIntEncoder() : ValueEncoder(48, 40)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        Read<UInt128>(row).TryFormat(destination, out bytesWritten, default, null);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten)
    {
        var value = Read<UInt128>(row);
        if (value <= (UInt128)Int128.MaxValue)
        {
            return PgBinary.TryWriteNumeric((Int128)value, 0, destination, out bytesWritten);
        }

        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var length, default, null);
        bytesWritten = 0;
        return PgText.TryParseNumeric(text[..length], out var numeric) && PgBinary.TryWriteNumeric(numeric, destination, out bytesWritten);
    }
}
