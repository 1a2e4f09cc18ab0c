namespace HtapRouter.PgWire.Types;

/// <summary>
/// Accumulates interval input field by field. Fractions spill into smaller fields as in
/// PostgreSQL: a year into rounded months, a month into 30-day days, a day into 24-hour time.
/// </summary>
internal struct IntervalSum
{
    private long _months;
    private long _days;
    private decimal _microseconds;

    public readonly bool InRange =>
        _months is >= int.MinValue and <= int.MaxValue && _days is >= int.MinValue and <= int.MaxValue
        && _microseconds is >= long.MinValue and <= long.MaxValue;

    public readonly PgInterval ToInterval() =>
        new((long)Math.Round(_microseconds, MidpointRounding.ToEven), (int)_days, (int)_months);

    public bool Negate()
    {
        _months = -_months;
        _days = -_days;
        _microseconds = -_microseconds;
        return true;
    }

    public bool TryAddMonths(long months)
    {
        _months += months;
        return InRange;
    }

    public bool TryAddMicroseconds(long microseconds)
    {
        _microseconds += microseconds;
        return InRange;
    }

    /// <summary>Adds whole + fraction of a unit named as PostgreSQL spells it (singular, plural or abbreviated).</summary>
    public bool TryAdd(ReadOnlySpan<byte> unit, long whole, double fraction)
    {
        switch (Classify(unit))
        {
            case 'Y':
                return TryAddMonthsWithFraction(whole, fraction, 12);
            case 'C':
                return TryAddMonthsWithFraction(whole, fraction, 1200);
            case 'X':
                return TryAddMonthsWithFraction(whole, fraction, 120);
            case 'L':
                return TryAddMonthsWithFraction(whole, fraction, 12000);
            case 'M':
                _months += whole;
                return AddDays(fraction * 30);
            case 'W':
                return AddDays((whole * 7) + (fraction * 7));
            case 'D':
                _days += whole;
                return AddTime(fraction, PgCalendar.MicrosecondsPerDay);
            case 'h':
                return AddTime(whole + (decimal)fraction, PgCalendar.MicrosecondsPerHour);
            case 'm':
                return AddTime(whole + (decimal)fraction, PgCalendar.MicrosecondsPerMinute);
            case 's':
                return AddTime(whole + (decimal)fraction, PgCalendar.MicrosecondsPerSecond);
            case 'k':
                return AddTime(whole + (decimal)fraction, 1000);
            case 'u':
                return AddTime(whole + (decimal)fraction, 1);
            default:
                return false;
        }
    }

    private bool TryAddMonthsWithFraction(long whole, double fraction, int monthsPerUnit)
    {
        _months += (whole * monthsPerUnit) + (long)Math.Round(fraction * monthsPerUnit, MidpointRounding.ToEven);
        return InRange;
    }

    private bool AddDays(double days)
    {
        var whole = Math.Truncate(days);
        _days += (long)whole;
        return AddTime(days - whole, PgCalendar.MicrosecondsPerDay);
    }

    private bool AddTime(double amount, long microsecondsPerUnit) =>
        AddTime((decimal)amount, microsecondsPerUnit);

    private bool AddTime(decimal amount, long microsecondsPerUnit)
    {
        _microseconds += amount * microsecondsPerUnit;
        return InRange;
    }

    private static char Classify(ReadOnlySpan<byte> unit)
    {
        Span<byte> lower = stackalloc byte[Math.Min(unit.Length, 16)];
        if (unit.Length > lower.Length)
        {
            return '?';
        }

        for (var i = 0; i < unit.Length; i++)
        {
            lower[i] = (byte)(unit[i] | 0x20);
        }

        return lower switch
        {
            _ when Is(lower, "y", "yr", "yrs", "year", "years") => 'Y',
            _ when Is(lower, "mon", "mons", "month", "months") => 'M',
            _ when Is(lower, "w", "week", "weeks") => 'W',
            _ when Is(lower, "d", "day", "days") => 'D',
            _ when Is(lower, "h", "hr", "hrs", "hour", "hours") => 'h',
            _ when Is(lower, "m", "min", "mins", "minute", "minutes") => 'm',
            _ when Is(lower, "s", "sec", "secs", "second", "seconds") => 's',
            _ when Is(lower, "ms", "msec", "msecs", "millisecond", "milliseconds") => 'k',
            _ when Is(lower, "us", "usec", "usecs", "microsecond", "microseconds") => 'u',
            _ when Is(lower, "decade", "decades", "dec", "decs") => 'X',
            _ when Is(lower, "century", "centuries", "c", "cent") => 'C',
            _ when Is(lower, "millennium", "millennia", "mil", "mils") => 'L',
            _ => '?',
        };
    }

    private static bool Is(ReadOnlySpan<byte> word, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (word.Length == name.Length && System.Text.Ascii.Equals(word, name))
            {
                return true;
            }
        }

        return false;
    }
}
