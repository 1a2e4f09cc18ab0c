namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    /// <summary>
    /// interval_in for the forms PostgreSQL prints and the common hand-written ones: unit lists
    /// ("1 year 2 mons -3 days 04:05:06", "@ 1 hour ago", "1.5 weeks"), sql_standard "1-2" and
    /// "3 4:05:06", and ISO 8601 designators ("P1Y2M3DT4H5M6.5S").
    /// </summary>
    public static bool TryParseInterval(ReadOnlySpan<byte> text, out PgInterval value)
    {
        text = Utf8Input.TrimSpaces(text);
        var sum = default(IntervalSum);
        var ok = !text.IsEmpty && (text[0] == 'P' ? TryParseIso8601Interval(text[1..], ref sum) : TryParseUnitsInterval(text, ref sum));
        value = ok ? sum.ToInterval() : default;
        return ok && sum.InRange;
    }

    private static bool TryParseUnitsInterval(ReadOnlySpan<byte> text, ref IntervalSum sum)
    {
        var input = new Utf8Input(text);
        input.TryConsume((byte)'@');
        var ago = false;
        var any = false;
        while (true)
        {
            input.SkipSpaces();
            if (input.AtEnd)
            {
                break;
            }

            if (input.TryConsumeIgnoreCase("ago"u8))
            {
                input.SkipSpaces();
                ago = input.AtEnd;
                return ago && any && sum.Negate();
            }

            if (!TryReadSignedDecimal(ref input, out var negative, out var whole, out var fraction))
            {
                return false;
            }

            any = true;
            if (input.Peek == ':')
            {
                input.Advance();
                if (!TryReadClockAfterHours(ref input, negative, whole, ref sum))
                {
                    return false;
                }

                continue;
            }

            if (input.Peek == '-' && fraction == 0 && TryReadYearMonth(ref input, negative, whole, ref sum))
            {
                continue;
            }

            input.SkipSpaces();
            var unit = ReadWord(ref input);
            if (unit.IsEmpty)
            {
                // A bare number is days when a clock follows ("3 04:05:06"), otherwise seconds.
                unit = LooksLikeClock(input.Rest) ? "day"u8 : "second"u8;
            }

            if (!sum.TryAdd(unit, negative ? -whole : whole, negative ? -fraction : fraction))
            {
                return false;
            }
        }

        return any;
    }

    private static bool TryParseIso8601Interval(ReadOnlySpan<byte> text, ref IntervalSum sum)
    {
        var input = new Utf8Input(text);
        var inTime = false;
        var any = false;
        while (!input.AtEnd)
        {
            if (!inTime && input.TryConsume((byte)'T'))
            {
                inTime = true;
                continue;
            }

            if (!TryReadSignedDecimal(ref input, out var negative, out var whole, out var fraction))
            {
                return false;
            }

            var unit = (input.Peek, inTime) switch
            {
                ((byte)'Y', false) => "year"u8,
                ((byte)'M', false) => "month"u8,
                ((byte)'W', false) => "week"u8,
                ((byte)'D', false) => "day"u8,
                ((byte)'H', true) => "hour"u8,
                ((byte)'M', true) => "minute"u8,
                ((byte)'S', true) => "second"u8,
                _ => default,
            };
            input.Advance();
            if (unit.IsEmpty || !sum.TryAdd(unit, negative ? -whole : whole, negative ? -fraction : fraction))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>Reads "[+-]digits[.digits]" as a whole part and a fraction (0 &lt;= fraction &lt; 1).</summary>
    private static bool TryReadSignedDecimal(ref Utf8Input input, out bool negative, out long whole, out double fraction)
    {
        negative = input.Peek == '-';
        if (!input.TryConsume((byte)'-'))
        {
            input.TryConsume((byte)'+');
        }

        fraction = 0;
        var hasWhole = input.TryReadNumber(out whole, out _);
        if (!input.TryConsume((byte)'.'))
        {
            return hasWhole;
        }

        var scale = 0.1;
        var hasFraction = false;
        while (Utf8Input.IsDigit(input.Peek) && !input.AtEnd)
        {
            fraction += (input.Peek - '0') * scale;
            scale /= 10;
            hasFraction = true;
            input.Advance();
        }

        return hasWhole || hasFraction;
    }

    private static bool TryReadClockAfterHours(ref Utf8Input input, bool negative, long hours, ref IntervalSum sum)
    {
        long seconds = 0;
        var microseconds = 0;
        if (!input.TryReadNumber(out var minutes, out _, maxDigits: 2))
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
                input.TryReadMicroseconds(out microseconds);
            }
        }

        var total = (hours * PgCalendar.MicrosecondsPerHour) + (minutes * PgCalendar.MicrosecondsPerMinute)
            + (seconds * PgCalendar.MicrosecondsPerSecond) + microseconds;
        return minutes < 60 && seconds < 60 && sum.TryAddMicroseconds(negative ? -total : total);
    }

    private static bool TryReadYearMonth(ref Utf8Input input, bool negative, long years, ref IntervalSum sum)
    {
        var start = input;
        input.Advance();
        if (!input.TryReadNumber(out var months, out _, maxDigits: 2) || months > 11)
        {
            input = start;
            return false;
        }

        var total = (years * 12) + months;
        return sum.TryAddMonths(negative ? -total : total);
    }

    private static ReadOnlySpan<byte> ReadWord(ref Utf8Input input)
    {
        var rest = input.Rest;
        var length = 0;
        while (length < rest.Length && (rest[length] | 0x20) is >= (byte)'a' and <= (byte)'z')
        {
            length++;
        }

        input.Advance(length);
        return rest[..length];
    }

    private static bool LooksLikeClock(ReadOnlySpan<byte> rest)
    {
        rest = Utf8Input.TrimSpaces(rest);
        var i = rest.IsEmpty || rest[0] is not ((byte)'-' or (byte)'+') ? 0 : 1;
        while (i < rest.Length && Utf8Input.IsDigit(rest[i]))
        {
            i++;
        }

        return i > 0 && i < rest.Length && rest[i] == ':';
    }
}
