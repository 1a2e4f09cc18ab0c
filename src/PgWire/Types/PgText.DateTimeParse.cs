namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    // Valid ranges from PostgreSQL's datatype/timestamp.h: dates from 4714-11-24 BC (Julian day 0)
    // to 5874897 AD, timestamps from the same day to 294276 AD.
    private const long MinDateDays = -2451545;
    private const long EndDateDays = 2145031949;
    private const long MinTimestamp = -211813488000000000;
    private const long EndTimestamp = 9223371331200000000;

    /// <summary>date_in for ISO input: "2024-01-02", "0044-03-15 BC", "infinity", "-infinity", "epoch".</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out PgDate value)
    {
        value = default;
        var input = new Utf8Input(Utf8Input.TrimSpaces(text));
        if (TryParseSpecialTimestamp(input.Rest, out var special))
        {
            value = special == 0 ? PgDate.FromUnixDays(0) : special > 0 ? PgDate.Infinity : PgDate.NegativeInfinity;
            return true;
        }

        if (!TryReadDate(ref input, out var date) || !TryReadEra(ref input, date, out var days) || !input.AtEnd
            || days < MinDateDays || days >= EndDateDays)
        {
            return false;
        }

        value = new PgDate((int)days);
        return true;
    }

    /// <summary>timestamp_in for ISO input ("2024-01-02 03:04:05.5", 'T' separator too); a zone, if given, is ignored as PostgreSQL does.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> text, out PgTimestamp value) =>
        TryParseTimestamp(text, zone: null, out value);

    /// <summary>timestamptz_in: an explicit offset ("+05:30", "Z") or else the session TimeZone.</summary>
    public static bool TryParseTimestampTz(ReadOnlySpan<byte> text, out PgTimestamp value, PgFormatSettings? settings = null) =>
        TryParseTimestamp(text, ZoneRules.For((settings ?? PgFormatSettings.Default).TimeZone), out value);

    /// <summary>time_in: "HH:MM[:SS[.ffffff]]" up to 24:00:00, as microseconds since midnight.</summary>
    public static bool TryParseTime(ReadOnlySpan<byte> text, out long microseconds)
    {
        var input = new Utf8Input(Utf8Input.TrimSpaces(text));
        return TryReadTime(ref input, out microseconds) && input.AtEnd;
    }

    /// <summary>timetz_in: a time and an offset; without one, the TimeZone's offset at <paramref name="date"/> (PostgreSQL uses today).</summary>
    public static bool TryParseTimeTz(ReadOnlySpan<byte> text, out PgTimeTz value, PgFormatSettings? settings = null, PgDate date = default)
    {
        value = default;
        var input = new Utf8Input(Utf8Input.TrimSpaces(text));
        if (!TryReadTime(ref input, out var time))
        {
            return false;
        }

        input.SkipSpaces();
        int offset;
        if (input.AtEnd)
        {
            var localSeconds = (time / PgCalendar.MicrosecondsPerSecond) + UnixSeconds(date.Days * PgCalendar.MicrosecondsPerDay);
            offset = ZoneRules.For((settings ?? PgFormatSettings.Default).TimeZone).GetOffsetForLocal(localSeconds);
        }
        else if (!TryReadUtcOffset(ref input, out offset) || !input.AtEnd)
        {
            return false;
        }

        value = new PgTimeTz(time, offset);
        return true;
    }

    private static bool TryParseTimestamp(ReadOnlySpan<byte> text, ZoneRules? zone, out PgTimestamp value)
    {
        value = default;
        var input = new Utf8Input(Utf8Input.TrimSpaces(text));
        if (TryParseSpecialTimestamp(input.Rest, out var special))
        {
            value = special == 0 ? PgTimestamp.FromUnixMicroseconds(0) : special > 0 ? PgTimestamp.Infinity : PgTimestamp.NegativeInfinity;
            return true;
        }

        if (!TryReadDate(ref input, out var date))
        {
            return false;
        }

        long time = 0;
        if (input.TryConsume((byte)'T') || input.TryConsume((byte)' '))
        {
            input.SkipSpaces();
            if (Utf8Input.IsDigit(input.Peek) && !TryReadTime(ref input, out time))
            {
                return false;
            }
        }

        input.SkipSpaces();
        int? offset = null;
        if (input.Peek is (byte)'+' or (byte)'-' or (byte)'Z' or (byte)'z')
        {
            if (!TryReadUtcOffset(ref input, out var explicitOffset))
            {
                return false;
            }

            offset = explicitOffset;
        }

        if (!TryReadEra(ref input, date, out var days) || !input.AtEnd)
        {
            return false;
        }

        var local = (days * PgCalendar.MicrosecondsPerDay) + time;
        if (zone is not null)
        {
            offset ??= zone.GetOffsetForLocal(UnixSeconds(local));
            local -= offset.Value * PgCalendar.MicrosecondsPerSecond;
        }

        value = new PgTimestamp(local);
        return local is >= MinTimestamp and < EndTimestamp;
    }

    /// <summary>Recognizes infinity (1), -infinity (-1) and epoch (0).</summary>
    private static bool TryParseSpecialTimestamp(ReadOnlySpan<byte> text, out int special)
    {
        special = Utf8Input.EqualsIgnoreCase(text, "infinity"u8) || Utf8Input.EqualsIgnoreCase(text, "+infinity"u8) ? 1
            : Utf8Input.EqualsIgnoreCase(text, "-infinity"u8) ? -1
            : Utf8Input.EqualsIgnoreCase(text, "epoch"u8) ? 0
            : 2;
        return special != 2;
    }
}
