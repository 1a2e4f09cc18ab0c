using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>
/// Rows: interval input (read with IntervalStyle postgres), interval_send hex, then interval_out
/// under IntervalStyle postgres, postgres_verbose, sql_standard and iso_8601, all from PostgreSQL 15.
/// </summary>
public class PgIntervalCodecTests
{
    public static TheoryData<string, string, string, string, string, string> PostgresCases => new()
    {
        { "1 year 2 mons 3 days 04:05:06.789", "000000036c97ca88000000030000000e", "1 year 2 mons 3 days 04:05:06.789", "@ 1 year 2 mons 3 days 4 hours 5 mins 6.789 secs", "+1-2 +3 +4:05:06.789", "P1Y2M3DT4H5M6.789S" },
        { "-1 days +02:03:00", "00000001b7e1dd00ffffffff00000000", "-1 days +02:03:00", "@ 1 day -2 hours -3 mins ago", "+0-0 -1 +2:03:00", "P-1DT2H3M" },
        { "00:00:00", "00000000000000000000000000000000", "00:00:00", "@ 0", "0", "PT0S" },
        { "1 day", "00000000000000000000000100000000", "1 day", "@ 1 day", "1 0:00:00", "P1D" },
        { "-00:00:01", "fffffffffff0bdc00000000000000000", "-00:00:01", "@ 1 sec ago", "-0:00:01", "PT-1S" },
        { "1 year", "0000000000000000000000000000000c", "1 year", "@ 1 year", "1-0", "P1Y" },
        { "-1 year", "000000000000000000000000fffffff4", "-1 years", "@ 1 year ago", "-1-0", "P-1Y" },
        { "2 years", "00000000000000000000000000000018", "2 years", "@ 2 years", "2-0", "P2Y" },
        { "1 mon", "00000000000000000000000000000001", "1 mon", "@ 1 mon", "0-1", "P1M" },
        { "-1 mon -1 day", "0000000000000000ffffffffffffffff", "-1 mons -1 days", "@ 1 mon 1 day ago", "-0-1 -1 +0:00:00", "P-1M-1D" },
        { "1 day -1 second", "fffffffffff0bdc00000000100000000", "1 day -00:00:01", "@ 1 day -1 sec", "+0-0 +1 -0:00:01", "P1DT-1S" },
        { "-1 year -2 mons +3 days -04:05:06", "fffffffc93743f8000000003fffffff2", "-1 years -2 mons +3 days -04:05:06", "@ 1 year 2 mons -3 days 4 hours 5 mins 6 secs ago", "-1-2 +3 -4:05:06", "P-1Y-2M3DT-4H-5M-6S" },
        { "-1 year -2 mons -3 days -04:05:06", "fffffffc93743f80fffffffdfffffff2", "-1 years -2 mons -3 days -04:05:06", "@ 1 year 2 mons 3 days 4 hours 5 mins 6 secs ago", "-1-2 -3 -4:05:06", "P-1Y-2M-3DT-4H-5M-6S" },
        { "12:34:56.000001", "0000000a8bda1c010000000000000000", "12:34:56.000001", "@ 12 hours 34 mins 56.000001 secs", "12:34:56.000001", "PT12H34M56.000001S" },
        { "-0.5 seconds", "fffffffffff85ee00000000000000000", "-00:00:00.5", "@ 0.5 secs ago", "-0:00:00.5", "PT-0.5S" },
        { "0.5 seconds", "000000000007a1200000000000000000", "00:00:00.5", "@ 0.5 secs", "0:00:00.5", "PT0.5S" },
        { "1 second", "00000000000f42400000000000000000", "00:00:01", "@ 1 sec", "0:00:01", "PT1S" },
        { "-1 second", "fffffffffff0bdc00000000000000000", "-00:00:01", "@ 1 sec ago", "-0:00:01", "PT-1S" },
        { "61 minutes", "00000000da272b000000000000000000", "01:01:00", "@ 1 hour 1 min", "1:01:00", "PT1H1M" },
        { "100 hours", "00000053d1ac10000000000000000000", "100:00:00", "@ 100 hours", "100:00:00", "PT100H" },
        { "1.5 days", "0000000a0eebb0000000000100000000", "1 day 12:00:00", "@ 1 day 12 hours", "1 12:00:00", "P1DT12H" },
        { "1.5 years", "00000000000000000000000000000012", "1 year 6 mons", "@ 1 year 6 mons", "1-6", "P1Y6M" },
        { "1.5 months", "00000000000000000000000f00000001", "1 mon 15 days", "@ 1 mon 15 days", "+0-1 +15 +0:00:00", "P1M15D" },
        { "3 weeks", "00000000000000000000001500000000", "21 days", "@ 21 days", "21 0:00:00", "P21D" },
        { "-2147483648 days", "00000000000000008000000000000000", "-2147483648 days", "@ 2147483648 days ago", "-2147483648 0:00:00", "P-2147483648D" },
        { "178956970 years 7 mons", "0000000000000000000000007fffffff", "178956970 years 7 mons", "@ 178956970 years 7 mons", "178956970-7", "P178956970Y7M" },
        { "-178956970 years -8 mons", "00000000000000000000000080000000", "-178956970 years -8 mons", "@ 178956970 years 8 mons ago", "-178956970-8", "P-178956970Y-8M" },
        { "2562047788 hours", "7ffffffffcbc30000000000000000000", "2562047788:00:00", "@ 2562047788 hours", "2562047788:00:00", "PT2562047788H" },
        { "@ 1 hour ago", "ffffffff296c5c000000000000000000", "-01:00:00", "@ 1 hour ago", "-1:00:00", "PT-1H" },
        { "P1Y2M3DT4H5M6.5S", "000000036c9361a0000000030000000e", "1 year 2 mons 3 days 04:05:06.5", "@ 1 year 2 mons 3 days 4 hours 5 mins 6.5 secs", "+1-2 +3 +4:05:06.5", "P1Y2M3DT4H5M6.5S" },
        { "P-1Y-2M3DT-4H-5M-6S", "fffffffc93743f8000000003fffffff2", "-1 years -2 mons +3 days -04:05:06", "@ 1 year 2 mons -3 days 4 hours 5 mins 6 secs ago", "-1-2 +3 -4:05:06", "P-1Y-2M3DT-4H-5M-6S" },
        { "PT0S", "00000000000000000000000000000000", "00:00:00", "@ 0", "0", "PT0S" },
        { "1-2", "0000000000000000000000000000000e", "1 year 2 mons", "@ 1 year 2 mons", "1-2", "P1Y2M" },
        { "3 4:05:06", "000000036c8bc0800000000300000000", "3 days 04:05:06", "@ 3 days 4 hours 5 mins 6 secs", "3 4:05:06", "P3DT4H5M6S" },
        { "-3 4:05:06", "000000036c8bc080fffffffd00000000", "-3 days +04:05:06", "@ 3 days -4 hours -5 mins -6 secs ago", "+0-0 -3 +4:05:06", "P-3DT4H5M6S" },
        { "10 microseconds", "000000000000000a0000000000000000", "00:00:00.00001", "@ 0.00001 secs", "0:00:00.00001", "PT0.00001S" },
        { "1 millisecond", "00000000000003e80000000000000000", "00:00:00.001", "@ 0.001 secs", "0:00:00.001", "PT0.001S" },
        { "2 decades", "000000000000000000000000000000f0", "20 years", "@ 20 years", "20-0", "P20Y" },
        { "1 century", "000000000000000000000000000004b0", "100 years", "@ 100 years", "100-0", "P100Y" },
        { "1 millennium", "00000000000000000000000000002ee0", "1000 years", "@ 1000 years", "1000-0", "P1000Y" },
        { "1 year -1 mon", "0000000000000000000000000000000b", "11 mons", "@ 11 mons", "0-11", "P11M" },
        { "-1 day 1 mon", "0000000000000000ffffffff00000001", "1 mon -1 days", "@ 1 mon -1 days", "+0-1 -1 +0:00:00", "P1M-1D" },
        { "1 day 00:00:00.5", "000000000007a1200000000100000000", "1 day 00:00:00.5", "@ 1 day 0.5 secs", "1 0:00:00.5", "P1DT0.5S" },
        { "40 days 01:00:00 ago", "ffffffff296c5c00ffffffd800000000", "-40 days -01:00:00", "@ 40 days 1 hour ago", "-40 1:00:00", "P-40DT-1H" },
    };

    [Theory]
    [MemberData(nameof(PostgresCases))]
    public void TryFormatInterval_EachIntervalStyle_MatchesIntervalOut(
        string input, string sendHex, string postgres, string verbose, string sqlStandard, string iso8601)
    {
        _ = input;
        Assert.True(PgBinary.TryReadInterval(Convert.FromHexString(sendHex), out var value));

        Assert.Equal(postgres, Format(value, PgIntervalStyle.Postgres));
        Assert.Equal(verbose, Format(value, PgIntervalStyle.PostgresVerbose));
        Assert.Equal(sqlStandard, Format(value, PgIntervalStyle.SqlStandard));
        Assert.Equal(iso8601, Format(value, PgIntervalStyle.Iso8601));
        Assert.Equal(sendHex, PgDateTimeCodecTests.Hex((v, d) => (PgBinary.TryWriteInterval(v, d, out var n), n), value));
    }

    [Theory]
    [MemberData(nameof(PostgresCases))]
    public void TryParseInterval_InputAndOutputs_ReturnIntervalSendValue(
        string input, string sendHex, string postgres, string verbose, string sqlStandard, string iso8601)
    {
        _ = sqlStandard;
        Assert.True(PgBinary.TryReadInterval(Convert.FromHexString(sendHex), out var expected));

        // "ago" negates after the fields are summed, so int.MinValue fields overflow on the way
        // (PostgreSQL itself rejects "@ 2147483648 days ago").
        var atLimit = expected.Days == int.MinValue || expected.Months == int.MinValue;
        foreach (var text in atLimit ? new[] { input, postgres, iso8601 } : new[] { input, postgres, verbose, iso8601 })
        {
            Assert.True(PgText.TryParseInterval(Encoding.UTF8.GetBytes(text), out var value), text);
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 fortnight")]
    [InlineData("P1H")]
    [InlineData("12:60")]
    [InlineData("2147483648 days")]
    public void TryParseInterval_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(PgText.TryParseInterval(Encoding.UTF8.GetBytes(text), out _));
    }

    private static string Format(PgInterval value, PgIntervalStyle style)
    {
        var settings = new PgFormatSettings { IntervalStyle = style };
        return PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatInterval(v, d, out var n, settings), n), value);
    }
}
