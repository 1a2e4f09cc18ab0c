namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    /// <summary>date_out with DateStyle ISO: "2024-01-02", "0044-03-15 BC", "infinity".</summary>
    public static bool TryFormatDate(PgDate value, Span<byte> destination, out int bytesWritten)
    {
        if (!value.IsFinite)
        {
            return TryCopy(value.Days > 0 ? "infinity"u8 : "-infinity"u8, destination, out bytesWritten);
        }

        var output = new Utf8Output(destination);
        var bc = WriteDate(ref output, value.Days);
        if (bc)
        {
            output.Write(" BC"u8);
        }

        return output.TryFinish(out bytesWritten);
    }

    /// <summary>timestamp_out with DateStyle ISO: "2024-01-02 03:04:05.123456", fraction zeros trimmed.</summary>
    public static bool TryFormatTimestamp(PgTimestamp value, Span<byte> destination, out int bytesWritten) =>
        TryFormatTimestamp(value, destination, out bytesWritten, offsetSeconds: null);

    /// <summary>timestamptz_out: the instant in <see cref="PgFormatSettings.TimeZone"/>, "2024-06-01 17:30:00.5+05:30".</summary>
    public static bool TryFormatTimestampTz(PgTimestamp value, Span<byte> destination, out int bytesWritten, PgFormatSettings? settings = null)
    {
        var offset = value.IsFinite
            ? ZoneRules.For((settings ?? PgFormatSettings.Default).TimeZone).GetOffset(UnixSeconds(value.Microseconds))
            : 0;
        return TryFormatTimestamp(value, destination, out bytesWritten, offset);
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

    private static bool TryFormatTimestamp(PgTimestamp value, Span<byte> destination, out int bytesWritten, int? offsetSeconds)
    {
        if (!value.IsFinite)
        {
            return TryCopy(value.Microseconds > 0 ? "infinity"u8 : "-infinity"u8, destination, out bytesWritten);
        }

        var local = value.Microseconds + ((offsetSeconds ?? 0) * PgCalendar.MicrosecondsPerSecond);
        var days = PgCalendar.FloorDiv(local, PgCalendar.MicrosecondsPerDay);
        var output = new Utf8Output(destination);
        var bc = WriteDate(ref output, days);
        output.Write((byte)' ');
        WriteTimeOfDay(ref output, local - (days * PgCalendar.MicrosecondsPerDay));
        if (offsetSeconds is { } offset)
        {
            WriteUtcOffset(ref output, offset);
        }

        if (bc)
        {
            output.Write(" BC"u8);
        }

        return output.TryFinish(out bytesWritten);
    }

    /// <summary>Writes YYYY-MM-DD (the year of era, at least four digits) and returns whether it is BC.</summary>
    private static bool WriteDate(ref Utf8Output output, long days)
    {
        PgCalendar.CivilFromDays(days, out var year, out var month, out var day);
        var bc = year <= 0;
        output.WriteDigits((ulong)(bc ? 1 - year : year), 4);
        output.Write((byte)'-');
        output.WriteDigits((ulong)month, 2);
        output.Write((byte)'-');
        output.WriteDigits((ulong)day, 2);
        return bc;
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
        output.WriteDigits((ulong)minutes, 2);
        output.Write((byte)':');
        output.WriteDigits((ulong)seconds, 2);
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
            output.WriteDigits((ulong)minutes, 2);
        }

        if (seconds != 0)
        {
            output.Write((byte)':');
            output.WriteDigits((ulong)seconds, 2);
        }
    }

    private static long UnixSeconds(long pgMicroseconds) =>
        PgCalendar.FloorDiv(pgMicroseconds, PgCalendar.MicrosecondsPerSecond) + (PgCalendar.UnixEpochToPgEpochDays * 86400L);
}
