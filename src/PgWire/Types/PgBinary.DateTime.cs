using System.Buffers.Binary;

namespace HtapRouter.PgWire.Types;

public static partial class PgBinary
{
    /// <summary>date_send: int32 days since 2000-01-01.</summary>
    public static bool TryWriteDate(PgDate value, Span<byte> destination, out int bytesWritten) =>
        TryWriteInt4(value.Days, destination, out bytesWritten);

    public static bool TryReadDate(ReadOnlySpan<byte> source, out PgDate value)
    {
        var ok = TryReadInt4(source, out var days);
        value = new PgDate(days);
        return ok;
    }

    /// <summary>time_send: int64 microseconds since midnight.</summary>
    public static bool TryWriteTime(long microseconds, Span<byte> destination, out int bytesWritten) =>
        TryWriteInt8(microseconds, destination, out bytesWritten);

    public static bool TryReadTime(ReadOnlySpan<byte> source, out long microseconds) =>
        TryReadInt8(source, out microseconds) && microseconds is >= 0 and <= 86_400_000_000;

    /// <summary>timestamp_send and timestamptz_send: int64 microseconds since 2000-01-01 (UTC), ±infinity as long.MaxValue/MinValue.</summary>
    public static bool TryWriteTimestamp(PgTimestamp value, Span<byte> destination, out int bytesWritten) =>
        TryWriteInt8(value.Microseconds, destination, out bytesWritten);

    public static bool TryReadTimestamp(ReadOnlySpan<byte> source, out PgTimestamp value)
    {
        var ok = TryReadInt8(source, out var microseconds);
        value = new PgTimestamp(microseconds);
        return ok;
    }

    /// <summary>timetz_send: int64 microseconds, then int32 zone offset in seconds WEST of UTC.</summary>
    public static bool TryWriteTimeTz(PgTimeTz value, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < 12)
        {
            return false;
        }

        BinaryPrimitives.WriteInt64BigEndian(destination, value.Microseconds);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], -value.UtcOffsetSeconds);
        bytesWritten = 12;
        return true;
    }

    public static bool TryReadTimeTz(ReadOnlySpan<byte> source, out PgTimeTz value)
    {
        value = default;
        if (source.Length != 12)
        {
            return false;
        }

        value = new PgTimeTz(BinaryPrimitives.ReadInt64BigEndian(source), -BinaryPrimitives.ReadInt32BigEndian(source[8..]));
        return true;
    }

    /// <summary>interval_send: int64 microseconds, int32 days, int32 months.</summary>
    public static bool TryWriteInterval(PgInterval value, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < 16)
        {
            return false;
        }

        BinaryPrimitives.WriteInt64BigEndian(destination, value.Microseconds);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], value.Days);
        BinaryPrimitives.WriteInt32BigEndian(destination[12..], value.Months);
        bytesWritten = 16;
        return true;
    }

    public static bool TryReadInterval(ReadOnlySpan<byte> source, out PgInterval value)
    {
        value = default;
        if (source.Length != 16)
        {
            return false;
        }

        value = new PgInterval(
            BinaryPrimitives.ReadInt64BigEndian(source),
            BinaryPrimitives.ReadInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadInt32BigEndian(source[12..]));
        return true;
    }
}
