namespace HtapRouter.PgWire.Types;

/// <summary>
/// A timestamp or timestamptz as PostgreSQL stores it: microseconds since 2000-01-01 00:00:00
/// (UTC for timestamptz), with long.MinValue/MaxValue for ∓infinity.
/// </summary>
public readonly record struct PgTimestamp(long Microseconds)
{
    private const long UnixEpochToPgEpochMicroseconds = PgCalendar.UnixEpochToPgEpochDays * PgCalendar.MicrosecondsPerDay;

    // DateTime.MinValue (0001-01-01) in microseconds since 2000-01-01.
    private const long DateTimeMinValueMicroseconds = -630822816000000000 / TimeSpan.TicksPerMicrosecond;

    public static PgTimestamp Infinity { get; } = new(long.MaxValue);

    public static PgTimestamp NegativeInfinity { get; } = new(long.MinValue);

    public bool IsFinite => Microseconds is not (long.MaxValue or long.MinValue);

    /// <summary>From microseconds since 1970-01-01, DuckDB's TIMESTAMP and TIMESTAMPTZ.</summary>
    public static PgTimestamp FromUnixMicroseconds(long microseconds) =>
        new(microseconds - UnixEpochToPgEpochMicroseconds);

    public long ToUnixMicroseconds() => Microseconds + UnixEpochToPgEpochMicroseconds;

    /// <summary>From a DateTime's wall-clock value, ignoring its Kind; sub-microsecond ticks are dropped.</summary>
    public static PgTimestamp FromDateTime(DateTime value) =>
        new((value.Ticks / TimeSpan.TicksPerMicrosecond) + DateTimeMinValueMicroseconds);

    /// <summary>The UTC instant of a DateTimeOffset, for timestamptz.</summary>
    public static PgTimestamp FromDateTimeOffset(DateTimeOffset value) => FromDateTime(value.UtcDateTime);

    /// <summary>False for infinities and values outside DateTime's range.</summary>
    public bool TryToDateTime(out DateTime value)
    {
        value = default;
        var maxMicroseconds = DateTimeMinValueMicroseconds + (DateTime.MaxValue.Ticks / TimeSpan.TicksPerMicrosecond);
        if (Microseconds < DateTimeMinValueMicroseconds || Microseconds > maxMicroseconds)
        {
            return false;
        }

        value = new DateTime((Microseconds - DateTimeMinValueMicroseconds) * TimeSpan.TicksPerMicrosecond, DateTimeKind.Unspecified);
        return true;
    }
}
