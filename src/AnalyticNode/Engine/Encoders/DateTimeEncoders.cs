using System.Buffers.Binary;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>date from DATE: int32 days since 1970-01-01, ±int.MaxValue for ±infinity.</summary>
internal sealed class DateEncoder() : ValueEncoder(24, 4)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatDate(ToPg(Read<int>(row)), destination, out bytesWritten, Settings);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteDate(ToPg(Read<int>(row)), destination, out bytesWritten);

    public static PgDate ToPg(int days) => days switch
    {
        int.MaxValue => PgDate.Infinity,
        -int.MaxValue => PgDate.NegativeInfinity,
        _ => PgDate.FromUnixDays(days),
    };
}

/// <summary>time from TIME: int64 microseconds since midnight, the same as PostgreSQL's.</summary>
internal sealed class TimeEncoder() : ValueEncoder(24, 8)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatTime(Read<long>(row), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteTime(Read<long>(row), destination, out bytesWritten);
}

/// <summary>
/// timetz from TIME_TZ. DuckDB packs both parts in a uint64: microseconds in the top 40 bits, and in the
/// low 24 bits the UTC offset in seconds (east positive) subtracted from 15:59:59, so that the bits sort.
/// </summary>
internal sealed class TimeTzEncoder() : ValueEncoder(32, 12)
{
    private const int OffsetBits = 24;
    private const int MaxOffsetSeconds = (16 * 60 * 60) - 1;

    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatTimeTz(ToPg(Read<ulong>(row)), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteTimeTz(ToPg(Read<ulong>(row)), destination, out bytesWritten);

    private static PgTimeTz ToPg(ulong bits) =>
        new((long)(bits >> OffsetBits), MaxOffsetSeconds - (int)(bits & ((1UL << OffsetBits) - 1)));
}

/// <summary>
/// timestamp or timestamptz from DuckDB's timestamps: int64 since 1970 in <paramref name="unitsPerMicrosecond"/>
/// (seconds and milliseconds are multiplied up, nanoseconds floored to microseconds), ±long.MaxValue for ±infinity.
/// </summary>
internal sealed class TimestampEncoder(bool withTimeZone, long microsecondsPerUnit, long unitsPerMicrosecond) : ValueEncoder(64, 8)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        withTimeZone
            ? PgText.TryFormatTimestampTz(ToPg(Read<long>(row)), destination, out bytesWritten, Settings)
            : PgText.TryFormatTimestamp(ToPg(Read<long>(row)), destination, out bytesWritten, Settings);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteTimestamp(ToPg(Read<long>(row)), destination, out bytesWritten);

    private PgTimestamp ToPg(long value) => value switch
    {
        long.MaxValue => PgTimestamp.Infinity,
        -long.MaxValue => PgTimestamp.NegativeInfinity,
        _ => PgTimestamp.FromUnixMicroseconds(unitsPerMicrosecond > 1 ? FloorDivide(value, unitsPerMicrosecond) : value * microsecondsPerUnit),
    };

    private static long FloorDivide(long value, long divisor)
    {
        var (quotient, remainder) = long.DivRem(value, divisor);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}

/// <summary>interval from INTERVAL: months, days and microseconds kept apart, as PostgreSQL keeps them.</summary>
internal sealed class IntervalEncoder() : ValueEncoder(160, 16)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatInterval(ToPg(row), destination, out bytesWritten, Settings);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteInterval(ToPg(row), destination, out bytesWritten);

    private unsafe PgInterval ToPg(ulong row)
    {
        var entry = Data + (row * 16);
        return new PgInterval(*(long*)(entry + 8), *(int*)(entry + 4), *(int*)entry);
    }
}

/// <summary>uuid from UUID: a 128-bit integer with the top bit flipped so that signed order is byte order.</summary>
internal sealed class UuidEncoder() : ValueEncoder(36, 16)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatUuid(ToGuid(row), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteUuid(ToGuid(row), destination, out bytesWritten);

    private Guid ToGuid(ulong row)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Read<UInt128>(row) ^ (UInt128.One << 127));
        return new Guid(bytes, bigEndian: true);
    }
}
