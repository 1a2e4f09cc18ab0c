using System.Buffers.Binary;
using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>timestamptz output and input in session time zones, against PostgreSQL 15 with SET timezone.</summary>
public class PgTimestampTzCodecTests
{
    /// <summary>Rows: TimeZone, timestamptz_out, timestamptz_send hex.</summary>
    public static TheoryData<string, string, string> Outputs => new()
    {
        { "UTC", "2024-01-02 03:04:05.123456+00", "0002b0ec8517d580" },
        { "UTC", "2024-06-01 10:00:00+00", "0002bccfee8ea800" },
        { "Asia/Kolkata", "2024-06-01 17:30:00.5+05:30", "0002bcd19bbd9120" },
        { "Asia/Kolkata", "1800-01-01 05:53:28+05:53:28", "ffe993dcf8170000" },
        { "Asia/Kolkata", "1900-01-01 05:21:10+05:21:10", "fff4c9ee7c0b8000" },
        { "Asia/Kolkata", "0044-03-15 05:53:28+05:53:28 BC", "ff1af9deec5b2000" },
        { "America/New_York", "2024-03-10 01:59:59.999999-05", "0002b647bdff9bff" },
        { "America/New_York", "2024-03-10 03:00:00-04", "0002b647bdff9c00" },
        { "America/New_York", "2024-11-03 01:59:59-04", "0002c8faa597f5c0" },
        { "America/New_York", "2024-11-03 01:00:00-05", "0002c8faa5a73800" },
        { "America/New_York", "3000-06-30 20:00:00-04", "00702b249a5a0000" },
        { "America/New_York", "12000-06-30 20:00:00-04", "04612f1baca8a000" },
        { "America/New_York", "11999-12-31 19:00:00-05", "046120ce758a6000" },
        { "America/New_York", "1799-12-31 19:03:58-04:56:02", "ffe993dcf8170000" },
        { "Europe/Amsterdam", "1920-01-01 00:19:32+00:19:32", "fff707e1e4f68000" },
        { "Europe/Amsterdam", "1938-01-01 00:20:00+00:20", "fff90c8c53912000" },
        { "Europe/Amsterdam", "2024-03-31 01:59:59+01", "0002b7e9292561c0" },
        { "Europe/Amsterdam", "2024-03-31 03:00:00+02", "0002b7e92934a400" },
        { "Australia/Lord_Howe", "2024-04-07 01:59:59+11", "0002b86d984499c0" },
        { "Australia/Lord_Howe", "2024-04-07 01:30:00+10:30", "0002b86d9853dc00" },
        { "Asia/Kathmandu", "2024-01-01 05:45:00+05:45", "0002b0d5d4e94000" },
        { "America/St_Johns", "2024-06-30 21:30:00-02:30", "0002bf230c078000" },
        { "Africa/Monrovia", "1959-12-31 23:15:30-00:44:30", "fffb83f0f27b4000" },
        { "Pacific/Chatham", "2024-01-01 13:45:00+13:45", "0002b0d5d4e94000" },
        { "America/Sao_Paulo", "2023-12-31 21:00:00-03", "0002b0d5d4e94000" },
        { "America/Sao_Paulo", "2018-11-04 10:00:00-02", "00021cd446ce7000" },
        { "UTC", "infinity", "7fffffffffffffff" },
        { "Asia/Kolkata", "-infinity", "8000000000000000" },
        { "Europe/London", "2024-10-27 01:30:00+01", "0002c86938979200" },
        { "Europe/London", "2024-10-27 01:30:00+00", "0002c86a0f2b3600" },
    };

    /// <summary>Rows: TimeZone, local time without offset, timestamptz_send hex of how PostgreSQL read it.</summary>
    public static TheoryData<string, string, string> LocalInputs => new()
    {
        { "America/New_York", "2024-03-10 02:30:00", "0002b64829496e00" },
        { "America/New_York", "2024-11-03 01:30:00", "0002c8fb10f10a00" },
        { "America/New_York", "2024-07-04 12:00:00", "0002bf6ccec7e000" },
        { "Europe/Amsterdam", "2024-03-31 02:30:00", "0002b7e9947e7600" },
        { "Europe/Amsterdam", "2024-10-27 02:30:00", "0002c86a0f2b3600" },
        { "Asia/Kolkata", "1900-01-01 00:00:00", "fff4c9e9ff76a280" },
        { "Australia/Lord_Howe", "2024-04-07 01:45:00", "0002b86dcdf8c500" },
        { "UTC", "2024-01-02 03:04:05", "0002b0ec8515f340" },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void TryFormatTimestampTz_SessionTimeZone_MatchesTimestampTzOut(string zone, string expected, string sendHex)
    {
        Assert.True(PgBinary.TryReadTimestamp(Convert.FromHexString(sendHex), out var value));
        var settings = Settings(zone);

        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatTimestampTz(v, d, out var n, settings), n), value));
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void TryParseTimestampTz_PostgresOutput_ReturnsSameInstant(string zone, string text, string sendHex)
    {
        var expected = BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(sendHex));

        Assert.True(PgText.TryParseTimestampTz(Encoding.UTF8.GetBytes(text), out var value, Settings(zone)));
        Assert.Equal(expected, value.Microseconds);
    }

    [Theory]
    [MemberData(nameof(LocalInputs))]
    public void TryParseTimestampTz_LocalTimeInGapOrOverlap_ChoosesPostgresOffset(string zone, string text, string sendHex)
    {
        var expected = BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(sendHex));

        Assert.True(PgText.TryParseTimestampTz(Encoding.UTF8.GetBytes(text), out var value, Settings(zone)));
        Assert.Equal(expected, value.Microseconds);
    }

    [Fact]
    public void TryFormatTimestampTz_CustomZoneWithoutZoneFile_UsesTimeZoneInfoOffset()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("HtapRouter/Test", TimeSpan.FromMinutes(-210), "Test", "Test");
        var settings = new PgFormatSettings { TimeZone = zone };
        var value = PgTimestamp.FromDateTimeOffset(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));

        Assert.Equal("2024-01-01 23:34:05-03:30", PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatTimestampTz(v, d, out var n, settings), n), value));
        Assert.True(PgText.TryParseTimestampTz("2024-01-01 23:34:05"u8, out var parsed, settings));
        Assert.Equal(value, parsed);
    }

    private static PgFormatSettings Settings(string zone) =>
        new() { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone) };
}
