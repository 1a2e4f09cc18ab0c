namespace HtapRouter.PgWire.Types;

/// <summary>
/// Proleptic Gregorian calendar arithmetic around PostgreSQL's epoch, 2000-01-01. Years are
/// astronomical: 0 is 1 BC, -43 is 44 BC.
/// </summary>
internal static class PgCalendar
{
    public const long MicrosecondsPerSecond = 1_000_000;
    public const long MicrosecondsPerMinute = 60 * MicrosecondsPerSecond;
    public const long MicrosecondsPerHour = 60 * MicrosecondsPerMinute;
    public const long MicrosecondsPerDay = 24 * MicrosecondsPerHour;

    /// <summary>Days from 1970-01-01 (Unix, DuckDB) to 2000-01-01 (PostgreSQL).</summary>
    public const int UnixEpochToPgEpochDays = 10957;

    // Days from 0000-03-01 to 2000-01-01: the shifted year below starts in March so the leap day is last.
    private const long MarchYearZeroToPgEpochDays = 730425;
    private const long DaysPer400Years = 146097;

    public static long DaysFromCivil(long year, int month, int day)
    {
        var shiftedYear = month <= 2 ? year - 1 : year;
        var era = FloorDiv(shiftedYear, 400);
        var yearOfEra = shiftedYear - (era * 400);
        var monthFromMarch = month > 2 ? month - 3 : month + 9;
        var dayOfYear = (((153 * monthFromMarch) + 2) / 5) + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * DaysPer400Years) + dayOfEra - MarchYearZeroToPgEpochDays;
    }

    public static void CivilFromDays(long days, out long year, out int month, out int day)
    {
        days += MarchYearZeroToPgEpochDays;
        var era = FloorDiv(days, DaysPer400Years);

        // Within a 400-year era every quantity is small: unsigned 32-bit steps, whose divisions by constants are
        // cheaper multiplications than signed 64-bit ones.
        var dayOfEra = (uint)(days - (era * DaysPer400Years));
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var monthFromMarch = ((5 * dayOfYear) + 2) / 153;
        day = (int)(dayOfYear - (((153 * monthFromMarch) + 2) / 5) + 1);
        month = (int)(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        year = (era * 400) + yearOfEra + (month <= 2 ? 1 : 0);
    }

    public static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    public static bool IsLeapYear(long year) => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    public static long FloorMod(long value, long divisor) => value - (FloorDiv(value, divisor) * divisor);

    public static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }
}
