namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    /// <summary>
    /// interval_out in the session's IntervalStyle: postgres "1 year 2 mons 3 days 04:05:06.789",
    /// postgres_verbose "@ 1 year 2 mons ...", sql_standard "+1-2 +3 +4:05:06.789", iso_8601 "P1Y2M3DT4H5M6.789S".
    /// </summary>
    public static bool TryFormatInterval(PgInterval value, Span<byte> destination, out int bytesWritten, PgFormatSettings? settings = null)
    {
        var output = new Utf8Output(destination);
        var parts = new IntervalParts(value);
        switch ((settings ?? PgFormatSettings.Default).IntervalStyle)
        {
            case PgIntervalStyle.Iso8601:
                WriteIso8601Interval(ref output, parts);
                break;
            case PgIntervalStyle.SqlStandard:
                WriteSqlStandardInterval(ref output, parts);
                break;
            case PgIntervalStyle.PostgresVerbose:
                WriteVerboseInterval(ref output, parts);
                break;
            default:
                WritePostgresInterval(ref output, parts);
                break;
        }

        return output.TryFinish(out bytesWritten);
    }

    private static void WritePostgresInterval(ref Utf8Output output, in IntervalParts p)
    {
        // A field after a negative one gets an explicit "+" so the sign is not read as carried over.
        var empty = true;
        var previousNegative = false;
        WritePostgresField(ref output, p.Years, " year"u8, ref empty, ref previousNegative);
        WritePostgresField(ref output, p.Months, " mon"u8, ref empty, ref previousNegative);
        WritePostgresField(ref output, p.Days, " day"u8, ref empty, ref previousNegative);
        if (!empty && !p.HasTime)
        {
            return;
        }

        if (!empty)
        {
            output.Write((byte)' ');
        }

        if (p.TimeIsNegative)
        {
            output.Write((byte)'-');
        }
        else if (previousNegative)
        {
            output.Write((byte)'+');
        }

        WriteClock(ref output, p);
    }

    private static void WritePostgresField(ref Utf8Output output, long value, ReadOnlySpan<byte> unit, ref bool empty, ref bool previousNegative)
    {
        if (value == 0)
        {
            return;
        }

        if (!empty)
        {
            output.Write((byte)' ');
        }

        if (previousNegative && value > 0)
        {
            output.Write((byte)'+');
        }

        output.WriteInteger(value);
        output.Write(unit);
        if (value != 1)
        {
            output.Write((byte)'s');
        }

        previousNegative = value < 0;
        empty = false;
    }

    /// <summary>"H:MM:SS[.f]" with at least two hour digits, from absolute values.</summary>
    private static void WriteClock(ref Utf8Output output, in IntervalParts p, int hourDigits = 2)
    {
        output.WriteDigits(Abs(p.Hours), hourDigits);
        output.Write((byte)':');
        output.WriteDigits(Abs(p.Minutes), 2);
        output.Write((byte)':');
        WriteSeconds(ref output, p, 2);
    }

    private static void WriteSeconds(ref Utf8Output output, in IntervalParts p, int minDigits)
    {
        output.WriteDigits(Abs(p.Seconds), minDigits);
        output.WriteMicrosecondFraction((int)Abs(p.Microseconds));
    }

    private static ulong Abs(long value) => value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value;

    /// <summary>An interval split the way interval2itm does: C division, so every time field shares the sign of the time.</summary>
    private readonly struct IntervalParts
    {
        public IntervalParts(PgInterval value)
        {
            Years = value.Months / 12;
            Months = value.Months % 12;
            Days = value.Days;
            Hours = value.Microseconds / PgCalendar.MicrosecondsPerHour;
            var rest = value.Microseconds % PgCalendar.MicrosecondsPerHour;
            Minutes = rest / PgCalendar.MicrosecondsPerMinute;
            rest %= PgCalendar.MicrosecondsPerMinute;
            Seconds = rest / PgCalendar.MicrosecondsPerSecond;
            Microseconds = rest % PgCalendar.MicrosecondsPerSecond;
        }

        public long Years { get; }

        public long Months { get; }

        public long Days { get; }

        public long Hours { get; }

        public long Minutes { get; }

        public long Seconds { get; }

        public long Microseconds { get; }

        public bool HasTime => Hours != 0 || Minutes != 0 || Seconds != 0 || Microseconds != 0;

        public bool TimeIsNegative => Hours < 0 || Minutes < 0 || Seconds < 0 || Microseconds < 0;
    }
}
