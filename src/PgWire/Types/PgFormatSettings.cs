namespace HtapRouter.PgWire.Types;

/// <summary>
/// The session settings (GUCs) that change how values are printed. Defaults are PostgreSQL's.
/// DateStyle is always ISO, MDY: the only style HtapRouter prints.
/// </summary>
public sealed record PgFormatSettings
{
    /// <summary>Settings of a fresh PostgreSQL session with TimeZone = UTC.</summary>
    public static PgFormatSettings Default { get; } = new();

    /// <summary>
    /// extra_float_digits, -15..3; default 1. Any value above 0 prints the shortest text that
    /// reads back to the same float; 0 and below print 15 + n (float8) or 6 + n (float4) significant digits.
    /// </summary>
    public int ExtraFloatDigits { get; init; } = 1;

    /// <summary>IntervalStyle; default postgres.</summary>
    public PgIntervalStyle IntervalStyle { get; init; } = PgIntervalStyle.Postgres;

    /// <summary>TimeZone, used to print timestamptz and to read timestamps without an offset; default UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
}

/// <summary>Values of the IntervalStyle setting.</summary>
public enum PgIntervalStyle
{
    /// <summary>"1 year 2 mons 3 days 04:05:06" (the default).</summary>
    Postgres,

    /// <summary>"@ 1 year 2 mons 3 days 4 hours 5 mins 6 secs".</summary>
    PostgresVerbose,

    /// <summary>"+1-2 +3 +4:05:06", or "1-2" / "3 4:05:06" when the SQL standard can express it.</summary>
    SqlStandard,

    /// <summary>"P1Y2M3DT4H5M6S".</summary>
    Iso8601,
}
