namespace HtapRouter.PgWire.Types;

/// <summary>
/// A time of day with a UTC offset (timetz). <paramref name="UtcOffsetSeconds"/> is positive east of
/// UTC, as printed ("+02" is 7200); PostgreSQL's binary format stores the negation.
/// </summary>
/// <param name="Microseconds">Microseconds since midnight, 0..86_400_000_000 (24:00:00 is allowed).</param>
/// <param name="UtcOffsetSeconds">Offset from UTC in seconds, positive east; at most ±15:59:59.</param>
public readonly record struct PgTimeTz(long Microseconds, int UtcOffsetSeconds);
