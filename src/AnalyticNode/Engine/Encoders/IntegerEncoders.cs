using System.Numerics;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

internal sealed class BoolEncoder() : ValueEncoder(1, 1)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatBool(Read<byte>(row) != 0, destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteBool(Read<byte>(row) != 0, destination, out bytesWritten);
}

/// <summary>int2 from TINYINT, SMALLINT or UTINYINT: every value fits.</summary>
internal sealed class Int2Encoder<T>() : ValueEncoder(6, 2)
    where T : unmanaged, IBinaryInteger<T>
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatInt2(short.CreateTruncating(Read<T>(row)), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteInt2(short.CreateTruncating(Read<T>(row)), destination, out bytesWritten);
}

/// <summary>int4 from INTEGER or USMALLINT.</summary>
internal sealed class Int4Encoder<T>() : ValueEncoder(11, 4)
    where T : unmanaged, IBinaryInteger<T>
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatInt4(int.CreateTruncating(Read<T>(row)), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteInt4(int.CreateTruncating(Read<T>(row)), destination, out bytesWritten);
}

/// <summary>int8 from BIGINT or UINTEGER.</summary>
internal sealed class Int8Encoder<T>() : ValueEncoder(20, 8)
    where T : unmanaged, IBinaryInteger<T>
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatInt8(long.CreateTruncating(Read<T>(row)), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteInt8(long.CreateTruncating(Read<T>(row)), destination, out bytesWritten);
}

internal sealed class Float4Encoder() : ValueEncoder(32, 4)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatFloat4(Read<float>(row), destination, out bytesWritten, Settings.ExtraFloatDigits);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteFloat4(Read<float>(row), destination, out bytesWritten);
}

internal sealed class Float8Encoder() : ValueEncoder(32, 8)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatFloat8(Read<double>(row), destination, out bytesWritten, Settings.ExtraFloatDigits);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteFloat8(Read<double>(row), destination, out bytesWritten);
}
