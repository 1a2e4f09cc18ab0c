namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    private static void WriteIso8601Interval(ref Utf8Output output, in IntervalParts p)
    {
        if (p.Years == 0 && p.Months == 0 && p.Days == 0 && !p.HasTime)
        {
            output.Write("PT0S"u8);
            return;
        }

        output.Write((byte)'P');
        WriteIsoField(ref output, p.Years, (byte)'Y');
        WriteIsoField(ref output, p.Months, (byte)'M');
        WriteIsoField(ref output, p.Days, (byte)'D');
        if (p.HasTime)
        {
            output.Write((byte)'T');
        }

        WriteIsoField(ref output, p.Hours, (byte)'H');
        WriteIsoField(ref output, p.Minutes, (byte)'M');
        if (p.Seconds != 0 || p.Microseconds != 0)
        {
            if (p.Seconds < 0 || p.Microseconds < 0)
            {
                output.Write((byte)'-');
            }

            WriteSeconds(ref output, p, 1);
            output.Write((byte)'S');
        }
    }

    private static void WriteIsoField(ref Utf8Output output, long value, byte designator)
    {
        if (value != 0)
        {
            output.WriteInteger(value);
            output.Write(designator);
        }
    }

    /// <summary>
    /// postgres_verbose: "@ 1 year 2 mons 3 hours". When the first non-zero field is negative the
    /// whole value is printed as positive with " ago" and later fields flip sign.
    /// </summary>
    private static void WriteVerboseInterval(ref Utf8Output output, in IntervalParts p)
    {
        output.Write((byte)'@');
        var empty = true;
        var ago = false;
        WriteVerboseField(ref output, p.Years, " year"u8, ref empty, ref ago);
        WriteVerboseField(ref output, p.Months, " mon"u8, ref empty, ref ago);
        WriteVerboseField(ref output, p.Days, " day"u8, ref empty, ref ago);
        WriteVerboseField(ref output, p.Hours, " hour"u8, ref empty, ref ago);
        WriteVerboseField(ref output, p.Minutes, " min"u8, ref empty, ref ago);
        if (p.Seconds != 0 || p.Microseconds != 0)
        {
            output.Write((byte)' ');
            var negative = p.Seconds < 0 || (p.Seconds == 0 && p.Microseconds < 0);
            if (negative && empty)
            {
                ago = true;
            }
            else if (negative != ago)
            {
                output.Write((byte)'-');
            }

            WriteSeconds(ref output, p, 1);
            output.Write(" sec"u8);
            if (Abs(p.Seconds) != 1 || p.Microseconds != 0)
            {
                output.Write((byte)'s');
            }

            empty = false;
        }

        if (empty)
        {
            output.Write(" 0"u8);
        }

        if (ago)
        {
            output.Write(" ago"u8);
        }
    }

    private static void WriteVerboseField(ref Utf8Output output, long value, ReadOnlySpan<byte> unit, ref bool empty, ref bool ago)
    {
        if (value == 0)
        {
            return;
        }

        if (empty)
        {
            ago = value < 0;
            value = Math.Abs(value);
        }
        else if (ago)
        {
            value = -value;
        }

        output.Write((byte)' ');
        output.WriteInteger(value);
        output.Write(unit);
        if (value != 1)
        {
            output.Write((byte)'s');
        }

        empty = false;
    }

    /// <summary>
    /// sql_standard: "1-2" for year-month, "3 4:05:06" for day-time, one leading sign when all
    /// fields agree; otherwise every part gets a sign: "+1-2 -3 +4:05:06".
    /// </summary>
    private static void WriteSqlStandardInterval(ref Utf8Output output, in IntervalParts p)
    {
        var hasNegative = p.Years < 0 || p.Months < 0 || p.Days < 0 || p.TimeIsNegative;
        var hasPositive = p.Years > 0 || p.Months > 0 || p.Days > 0 || p.Hours > 0 || p.Minutes > 0 || p.Seconds > 0 || p.Microseconds > 0;
        var hasYearMonth = p.Years != 0 || p.Months != 0;
        var hasDayTime = p.Days != 0 || p.HasTime;
        if (!hasNegative && !hasPositive)
        {
            output.Write((byte)'0');
            return;
        }

        if ((hasNegative && hasPositive) || (hasYearMonth && hasDayTime))
        {
            output.Write(p.Years < 0 || p.Months < 0 ? (byte)'-' : (byte)'+');
            WriteYearMonth(ref output, p);
            output.Write(p.Days < 0 ? " -"u8 : " +"u8);
            output.WriteDigits(Abs(p.Days));
            output.Write(p.TimeIsNegative ? " -"u8 : " +"u8);
            WriteClock(ref output, p, hourDigits: 1);
            return;
        }

        if (hasNegative)
        {
            output.Write((byte)'-');
        }

        if (hasYearMonth)
        {
            WriteYearMonth(ref output, p);
            return;
        }

        if (p.Days != 0)
        {
            output.WriteDigits(Abs(p.Days));
            output.Write((byte)' ');
        }

        WriteClock(ref output, p, hourDigits: 1);
    }

    private static void WriteYearMonth(ref Utf8Output output, in IntervalParts p)
    {
        output.WriteDigits(Abs(p.Years));
        output.Write((byte)'-');
        output.WriteDigits(Abs(p.Months));
    }
}
