namespace HtapRouter.PgWire.Types;

/// <summary>
/// An interval as PostgreSQL stores it: months, days and microseconds kept apart because their
/// lengths vary (a month is not always 30 days, a day not always 24 hours across DST).
/// </summary>
public readonly record struct PgInterval(long Microseconds, int Days, int Months);
