namespace HtapRouter.PgWire.Types;

/// <summary>
/// The session settings (GUCs) that change how values are printed. Defaults are PostgreSQL's.
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

    /// <summary>DateStyle's output style; default ISO.</summary>
    public PgDateStyle DateStyle { get; init; } = PgDateStyle.Iso;

    /// <summary>DateStyle's field order, which the SQL and Postgres styles print in; default MDY.</summary>
    public PgDateOrder DateOrder { get; init; } = PgDateOrder.Mdy;

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

/// <summary>DateStyle's output styles.</summary>
public enum PgDateStyle
{
    /// <summary>"2024-01-02 03:04:05+00" (the default).</summary>
    Iso,

    /// <summary>"01/02/2024 03:04:05 UTC" (MDY) or "02/01/2024 ..." (DMY).</summary>
    Sql,

    /// <summary>"Tue Jan 02 03:04:05 2024 UTC"; dates "01-02-2024" (MDY) or "02-01-2024" (DMY).</summary>
    Postgres,

    /// <summary>"02.01.2024 03:04:05 UTC".</summary>
    German,
}

/// <summary>DateStyle's field orders.</summary>
public enum PgDateOrder
{
    /// <summary>Month, day, year (the default).</summary>
    Mdy,

    /// <summary>Day, month, year.</summary>
    Dmy,

    /// <summary>Year, month, day.</summary>
    Ymd,
}
