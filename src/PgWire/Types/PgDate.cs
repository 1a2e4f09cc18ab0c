namespace HtapRouter.PgWire.Types;

/// <summary>A date as PostgreSQL stores it: days since 2000-01-01, with int.MinValue/MaxValue for ∓infinity.</summary>
public readonly record struct PgDate(int Days)
{
    public static PgDate Infinity { get; } = new(int.MaxValue);

    public static PgDate NegativeInfinity { get; } = new(int.MinValue);

    public bool IsFinite => Days is not (int.MaxValue or int.MinValue);

    /// <summary>From days since 1970-01-01, DuckDB's DATE.</summary>
    public static PgDate FromUnixDays(int days) => new(days - PgCalendar.UnixEpochToPgEpochDays);

    public static PgDate FromDateOnly(DateOnly date) =>
        new((int)PgCalendar.DaysFromCivil(date.Year, date.Month, date.Day));

    /// <summary>From an astronomical year (0 = 1 BC), month and day, which are not range-checked.</summary>
    public static PgDate FromYearMonthDay(int year, int month, int day) =>
        new((int)PgCalendar.DaysFromCivil(year, month, day));

    public int ToUnixDays() => Days + PgCalendar.UnixEpochToPgEpochDays;

    /// <summary>False for infinities and for years outside 1..9999.</summary>
    public bool TryToDateOnly(out DateOnly date)
    {
        date = default;
        if (!IsFinite)
        {
            return false;
        }

        PgCalendar.CivilFromDays(Days, out var year, out var month, out var day);
        if (year is < 1 or > 9999)
        {
            return false;
        }

        date = new DateOnly((int)year, month, day);
        return true;
    }
}
