namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    /// <summary>date_out: "2024-01-02" (ISO), "01/02/2024" (SQL), "02.01.2024" (German), "01-02-2024" (Postgres); "0044-03-15 BC", "infinity".</summary>
    public static bool TryFormatDate(PgDate value, Span<byte> destination, out int bytesWritten, PgFormatSettings? settings = null)
    {
        if (!value.IsFinite)
        {
            return TryCopy(value.Days > 0 ? "infinity"u8 : "-infinity"u8, destination, out bytesWritten);
        }

        var output = new Utf8Output(destination);
        settings ??= PgFormatSettings.Default;
        PgCalendar.CivilFromDays(value.Days, out var year, out var month, out var day);
        var dmy = settings.DateOrder == PgDateOrder.Dmy;
        switch (settings.DateStyle)
        {
            case PgDateStyle.Sql:
                WriteDayMonth(ref output, month, day, dmy, (byte)'/');
                WriteYearAfter(ref output, year, (byte)'/');
                break;
            case PgDateStyle.German:
                WriteDayMonth(ref output, month, day, dayFirst: true, (byte)'.');
                WriteYearAfter(ref output, year, (byte)'.');
                break;
            case PgDateStyle.Postgres:
                WriteDayMonth(ref output, month, day, dmy, (byte)'-');
                WriteYearAfter(ref output, year, (byte)'-');
                break;
            default:
                WriteDate(ref output, year, month, day);
                break;
        }

        if (year <= 0)
        {
            output.Write(" BC"u8);
        }

        return output.TryFinish(out bytesWritten);
    }

    /// <summary>timestamp_out: "2024-01-02 03:04:05.123456" in ISO, fraction zeros trimmed, or in the session's DateStyle.</summary>
    public static bool TryFormatTimestamp(PgTimestamp value, Span<byte> destination, out int bytesWritten, PgFormatSettings? settings = null) =>
        TryFormatTimestamp(value, destination, out bytesWritten, offsetSeconds: null, settings ?? PgFormatSettings.Default, zoneName: null);

    /// <summary>
    /// timestamptz_out: the instant in <see cref="PgFormatSettings.TimeZone"/>, "2024-06-01 17:30:00.5+05:30"; in the
    /// SQL, German and Postgres DateStyles with the zone's abbreviation ("01/06/2024 17:30:00.5 IST").
    /// </summary>
    public static bool TryFormatTimestampTz(PgTimestamp value, Span<byte> destination, out int bytesWritten, PgFormatSettings? settings = null)
    {
        settings ??= PgFormatSettings.Default;
        if (!value.IsFinite)
        {
            return TryFormatTimestamp(value, destination, out bytesWritten, 0, settings, null);
        }

        var rules = ZoneRules.For(settings.TimeZone);
        var instant = UnixSeconds(value.Microseconds);
        var name = settings.DateStyle == PgDateStyle.Iso ? null : rules.GetAbbreviation(instant);
        return TryFormatTimestamp(value, destination, out bytesWritten, rules.GetOffset(instant), settings, name);
    }

    /// <summary>time_out: "04:05:06.5" from microseconds since midnight.</summary>
    public static bool TryFormatTime(long microseconds, Span<byte> destination, out int bytesWritten)
    {
        var output = new Utf8Output(destination);
        WriteTimeOfDay(ref output, microseconds);
        return output.TryFinish(out bytesWritten);
    }

    /// <summary>timetz_out: "04:05:06+02", "04:05:06.5-03:30".</summary>
    public static bool TryFormatTimeTz(PgTimeTz value, Span<byte> destination, out int bytesWritten)
    {
        var output = new Utf8Output(destination);
        WriteTimeOfDay(ref output, value.Microseconds);
        WriteUtcOffset(ref output, value.UtcOffsetSeconds);
        return output.TryFinish(out bytesWritten);
    }

    private static bool TryFormatTimestamp(PgTimestamp value, Span<byte> destination, out int bytesWritten, int? offsetSeconds,
        PgFormatSettings settings, string? zoneName)
    {
        if (!value.IsFinite)
        {
            return TryCopy(value.Microseconds > 0 ? "infinity"u8 : "-infinity"u8, destination, out bytesWritten);
        }

        var local = value.Microseconds + ((offsetSeconds ?? 0) * PgCalendar.MicrosecondsPerSecond);
        var days = PgCalendar.FloorDiv(local, PgCalendar.MicrosecondsPerDay);
        var time = local - (days * PgCalendar.MicrosecondsPerDay);
        var output = new Utf8Output(destination);
        PgCalendar.CivilFromDays(days, out var year, out var month, out var day);
        var dmy = settings.DateOrder == PgDateOrder.Dmy;
        switch (settings.DateStyle)
        {
            case PgDateStyle.Sql or PgDateStyle.German:
                var german = settings.DateStyle == PgDateStyle.German;
                var separator = german ? (byte)'.' : (byte)'/';
                WriteDayMonth(ref output, month, day, dmy || german, separator);
                WriteYearAfter(ref output, year, separator);
                output.Write((byte)' ');
                WriteTimeOfDay(ref output, time);
                WriteZone(ref output, offsetSeconds, zoneName, spaceBeforeOffset: false);
                break;
            case PgDateStyle.Postgres:
                // "Tue Jan 02 03:04:05 2024 UTC": day of week (2000-01-01, day 0, was a Saturday), then month and day.
                output.Write(DayNames.Slice((int)PgCalendar.FloorMod(days + 6, 7) * 3, 3));
                output.Write((byte)' ');
                var monthName = MonthNames.Slice((month - 1) * 3, 3);
                if (dmy)
                {
                    output.WriteDigits((ulong)day, 2);
                    output.Write((byte)' ');
                    output.Write(monthName);
                }
                else
                {
                    output.Write(monthName);
                    output.Write((byte)' ');
                    output.WriteDigits((ulong)day, 2);
                }

                output.Write((byte)' ');
                WriteTimeOfDay(ref output, time);
                WriteYearAfter(ref output, year, (byte)' ');
                WriteZone(ref output, offsetSeconds, zoneName, spaceBeforeOffset: true);
                break;
            default:
                WriteDate(ref output, year, month, day);
                output.Write((byte)' ');
                WriteTimeOfDay(ref output, time);
                if (offsetSeconds is { } offset)
                {
                    WriteUtcOffset(ref output, offset);
                }

                break;
        }

        if (year <= 0)
        {
            output.Write(" BC"u8);
        }

        return output.TryFinish(out bytesWritten);
    }

    private static ReadOnlySpan<byte> DayNames => "SunMonTueWedThuFriSat"u8;

    private static ReadOnlySpan<byte> MonthNames => "JanFebMarAprMayJunJulAugSepOctNovDec"u8;

    /// <summary>"MM?DD" or, day first, "DD?MM", with <paramref name="separator"/> between.</summary>
    private static void WriteDayMonth(ref Utf8Output output, int month, int day, bool dayFirst, byte separator)
    {
        output.WriteTwoDigits(dayFirst ? day : month);
        output.Write(separator);
        output.WriteTwoDigits(dayFirst ? month : day);
    }

    /// <summary><paramref name="separator"/> and the year of era, at least four digits.</summary>
    private static void WriteYearAfter(ref Utf8Output output, long year, byte separator)
    {
        output.Write(separator);
        output.WriteDigits((ulong)(year <= 0 ? 1 - year : year), 4);
    }

    /// <summary>
    /// A timestamptz's zone in the SQL, German and Postgres styles: " " and its abbreviation (at most 10 characters,
    /// as PostgreSQL's MAXTZLEN), else the numeric offset, which the SQL and German styles write without a space.
    /// </summary>
    private static void WriteZone(ref Utf8Output output, int? offsetSeconds, string? zoneName, bool spaceBeforeOffset)
    {
        if (offsetSeconds is not { } offset)
        {
            return;
        }

        if (zoneName is { Length: > 0 })
        {
            output.Write((byte)' ');
            foreach (var c in zoneName.AsSpan(0, Math.Min(zoneName.Length, 10)))
            {
                output.Write((byte)c);
            }

            return;
        }

        if (spaceBeforeOffset)
        {
            output.Write((byte)' ');
        }

        WriteUtcOffset(ref output, offset);
    }

    /// <summary>"2024-01-02" (ISO); a year at or before 0 is written as its BC year, and the caller adds " BC".</summary>
    private static void WriteDate(ref Utf8Output output, long year, int month, int day)
    {
        output.WriteDigits((ulong)(year <= 0 ? 1 - year : year), 4);
        output.Write((byte)'-');
        output.WriteTwoDigits(month);
        output.Write((byte)'-');
        output.WriteTwoDigits(day);
    }

    private static void WriteTimeOfDay(ref Utf8Output output, long microseconds)
    {
        var hours = microseconds / PgCalendar.MicrosecondsPerHour;
        microseconds -= hours * PgCalendar.MicrosecondsPerHour;
        var minutes = microseconds / PgCalendar.MicrosecondsPerMinute;
        microseconds -= minutes * PgCalendar.MicrosecondsPerMinute;
        var seconds = microseconds / PgCalendar.MicrosecondsPerSecond;
        output.WriteDigits((ulong)hours, 2);
        output.Write((byte)':');
        output.WriteTwoDigits((int)minutes);
        output.Write((byte)':');
        output.WriteTwoDigits((int)seconds);
        output.WriteMicrosecondFraction((int)(microseconds - (seconds * PgCalendar.MicrosecondsPerSecond)));
    }

    /// <summary>"+05:30", "-03", "+05:53:28": minutes and seconds only when non-zero (EncodeTimezone).</summary>
    private static void WriteUtcOffset(ref Utf8Output output, int offsetSeconds)
    {
        output.Write(offsetSeconds < 0 ? (byte)'-' : (byte)'+');
        var total = Math.Abs(offsetSeconds);
        output.WriteDigits((ulong)(total / 3600), 2);
        var minutes = total / 60 % 60;
        var seconds = total % 60;
        if (minutes != 0 || seconds != 0)
        {
            output.Write((byte)':');
            output.WriteTwoDigits(minutes);
        }

        if (seconds != 0)
        {
            output.Write((byte)':');
            output.WriteTwoDigits(seconds);
        }
    }

    private static long UnixSeconds(long pgMicroseconds) =>
        PgCalendar.FloorDiv(pgMicroseconds, PgCalendar.MicrosecondsPerSecond) + (PgCalendar.UnixEpochToPgEpochDays * 86400L);
}
