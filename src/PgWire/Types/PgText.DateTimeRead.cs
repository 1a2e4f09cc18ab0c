namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    /// <summary>Reads "Y-MM-DD" as written (year of era, at least one digit); checked later, once the era is known.</summary>
    private static bool TryReadDate(ref Utf8Input input, out DateParts date)
    {
        date = default;
        if (!input.TryReadNumber(out var year, out _, maxDigits: 9) || !input.TryConsume((byte)'-')
            || !input.TryReadNumber(out var month, out _, maxDigits: 2) || !input.TryConsume((byte)'-')
            || !input.TryReadNumber(out var day, out _, maxDigits: 2))
        {
            return false;
        }

        date = new DateParts(year, (int)month, (int)day);
        return true;
    }

    /// <summary>
    /// Reads an optional " BC" or " AD" suffix and turns the date into days since 2000-01-01.
    /// BC year n is astronomical year 1 - n, so 1 BC is a leap year.
    /// </summary>
    private static bool TryReadEra(ref Utf8Input input, DateParts date, out long days)
    {
        days = 0;
        input.SkipSpaces();
        var bc = input.TryConsumeIgnoreCase("BC"u8);
        if (!bc)
        {
            input.TryConsumeIgnoreCase("AD"u8);
        }

        input.SkipSpaces();
        var year = bc ? 1 - date.Year : date.Year;
        if (date.Year == 0 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > PgCalendar.DaysInMonth(year, date.Month))
        {
            return false;
        }

        days = PgCalendar.DaysFromCivil(year, date.Month, date.Day);
        return true;
    }

    private readonly record struct DateParts(long Year, int Month, int Day);

    /// <summary>Reads "HH:MM[:SS[.f]]" into microseconds since midnight; 24:00:00 is the largest value.</summary>
    private static bool TryReadTime(ref Utf8Input input, out long microseconds)
    {
        microseconds = 0;
        long seconds = 0;
        var fraction = 0;
        if (!input.TryReadNumber(out var hours, out _, maxDigits: 2) || !input.TryConsume((byte)':')
            || !input.TryReadNumber(out var minutes, out _, maxDigits: 2))
        {
            return false;
        }

        if (input.TryConsume((byte)':'))
        {
            if (!input.TryReadNumber(out seconds, out _, maxDigits: 2))
            {
                return false;
            }

            if (input.TryConsume((byte)'.'))
            {
                input.TryReadMicroseconds(out fraction);
            }
        }

        microseconds = (hours * PgCalendar.MicrosecondsPerHour) + (minutes * PgCalendar.MicrosecondsPerMinute)
            + (seconds * PgCalendar.MicrosecondsPerSecond) + fraction;
        return minutes < 60 && seconds < 60 && microseconds <= PgCalendar.MicrosecondsPerDay;
    }

    /// <summary>Reads "Z", "+05", "+0530", "+05:30" or "+05:53:28" into seconds east of UTC.</summary>
    private static bool TryReadUtcOffset(ref Utf8Input input, out int seconds)
    {
        seconds = 0;
        if (input.TryConsume((byte)'Z') || input.TryConsume((byte)'z'))
        {
            return true;
        }

        var negative = input.Peek == '-';
        if (!input.TryConsume((byte)'+') && !input.TryConsume((byte)'-'))
        {
            return false;
        }

        long minutes = 0;
        long secs = 0;
        if (!input.TryReadNumber(out var hours, out var digits, maxDigits: 2))
        {
            return false;
        }

        var compact = digits == 2 && Utf8Input.IsDigit(input.Peek);
        if ((compact || input.TryConsume((byte)':')) && !input.TryReadNumber(out minutes, out _, maxDigits: 2))
        {
            return false;
        }

        if ((compact ? Utf8Input.IsDigit(input.Peek) : input.TryConsume((byte)':')) && !input.TryReadNumber(out secs, out _, maxDigits: 2))
        {
            return false;
        }

        // TZ_MAX offset is 15:59:59 (PostgreSQL 15).
        if (hours > 15 || minutes > 59 || secs > 59)
        {
            return false;
        }

        seconds = (int)((hours * 3600) + (minutes * 60) + secs);
        seconds = negative ? -seconds : seconds;
        return true;
    }
}
