using System.Buffers.Binary;
using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>
/// Rows: input text, PostgreSQL 15's output for it (DateStyle ISO), and its typsend bytes in hex.
/// </summary>
public class PgDateTimeCodecTests
{
    public static TheoryData<string, string, string> Dates => new()
    {
        { "2024-01-02", "2024-01-02", "0000223f" },
        { "2000-01-01", "2000-01-01", "00000000" },
        { "1999-12-31", "1999-12-31", "ffffffff" },
        { "1970-01-01", "1970-01-01", "ffffd533" },
        { "0001-01-01", "0001-01-01", "fff4dbf9" },
        { "0001-12-31 BC", "0001-12-31 BC", "fff4dbf8" },
        { "0044-03-15 BC", "0044-03-15 BC", "fff49d7b" },
        { "4713-01-01 BC", "4713-01-01 BC", "ffda97cd" },
        { "2024-02-29", "2024-02-29", "00002279" },
        { "1900-02-28", "1900-02-28", "ffff718e" },
        { "10000-01-01", "10000-01-01", "002c95d4" },
        { "5874897-12-31", "5874897-12-31", "7fda970c" },
        { "infinity", "infinity", "7fffffff" },
        { "-infinity", "-infinity", "80000000" },
        { "epoch", "1970-01-01", "ffffd533" },
        { "0099-01-01", "0099-01-01", "fff567cb" },
        { "0001-02-29 BC", "0001-02-29 BC", "fff4dac6" },
    };

    public static TheoryData<string, string, string> Timestamps => new()
    {
        { "2024-01-02 03:04:05.123456", "2024-01-02 03:04:05.123456", "0002b0ec8517d580" },
        { "2024-01-02 03:04:05", "2024-01-02 03:04:05", "0002b0ec8515f340" },
        { "2024-01-02 03:04:05.5", "2024-01-02 03:04:05.5", "0002b0ec851d9460" },
        { "2024-01-02 03:04:05.000001", "2024-01-02 03:04:05.000001", "0002b0ec8515f341" },
        { "2024-01-02", "2024-01-02 00:00:00", "0002b0e9f2c0a000" },
        { "2000-01-01 00:00:00", "2000-01-01 00:00:00", "0000000000000000" },
        { "1999-12-31 23:59:59.999999", "1999-12-31 23:59:59.999999", "ffffffffffffffff" },
        { "0044-03-15 12:00:00 BC", "0044-03-15 12:00:00 BC", "ff1af9e8fb46d000" },
        { "0001-01-01 00:00:00 BC", "0001-01-01 00:00:00 BC", "ff1fc63d1bb12000" },
        { "1970-01-01 00:00:00", "1970-01-01 00:00:00", "fffca2fec4c82000" },
        { "294276-12-31 23:59:59.999999", "294276-12-31 23:59:59.999999", "7fffff5bb3b29fff" },
        { "4713-11-24 00:00:00 BC", "4713-11-24 00:00:00 BC", "fd0f9983eb0ae000" },
        { "infinity", "infinity", "7fffffffffffffff" },
        { "-infinity", "-infinity", "8000000000000000" },
        { "2024-06-30T10:20:30.25", "2024-06-30 10:20:30.25", "0002bf179948a810" },
        { "1900-01-01 00:00:00.1", "1900-01-01 00:00:00.1", "fff4c9ee7c0d06a0" },
        { "2024-01-02 03:04:05.1234567", "2024-01-02 03:04:05.123457", "0002b0ec8517d581" },
    };

    public static TheoryData<string, string, string> Times => new()
    {
        { "04:05:06.5", "04:05:06.5", "000000036c9361a0" },
        { "00:00:00", "00:00:00", "0000000000000000" },
        { "23:59:59.999999", "23:59:59.999999", "000000141dd75fff" },
        { "24:00:00", "24:00:00", "000000141dd76000" },
        { "12:34", "12:34:00", "0000000a88839e00" },
        { "01:02:03.000100", "01:02:03.0001", "00000000dde87924" },
        { "13:00:00.1234567", "13:00:00.123457", "0000000ae5813641" },
    };

    public static TheoryData<string, string, string> TimeTzs => new()
    {
        { "04:05:06+02", "04:05:06+02", "000000036c8bc080ffffe3e0" },
        { "04:05:06.5-03:30", "04:05:06.5-03:30", "000000036c9361a000003138" },
        { "00:00:00+00", "00:00:00+00", "000000000000000000000000" },
        { "23:59:59.999999-15:59", "23:59:59.999999-15:59", "000000141dd75fff0000e0c4" },
        { "12:00:00+05:53:28", "12:00:00+05:53:28", "0000000a0eebb000ffffad28" },
        { "12:00:00+0530", "12:00:00+05:30", "0000000a0eebb000ffffb2a8" },
        { "24:00:00+14", "24:00:00+14", "000000141dd76000ffff3b20" },
        { "01:02:03Z", "01:02:03+00", "00000000dde878c000000000" },
        { "12:00:00-00:00:01", "12:00:00-00:00:01", "0000000a0eebb00000000001" },
    };

    [Theory]
    [MemberData(nameof(Dates))]
    public void TryFormatDate_DateSendValue_MatchesDateOut(string input, string expected, string sendHex)
    {
        _ = input;
        Assert.True(PgBinary.TryReadDate(Convert.FromHexString(sendHex), out var value));

        Assert.Equal(expected, Format((v, d) => (PgText.TryFormatDate(v, d, out var n), n), value));
        Assert.Equal(sendHex, Hex((v, d) => (PgBinary.TryWriteDate(v, d, out var n), n), value));
    }

    [Theory]
    [MemberData(nameof(Dates))]
    public void TryParseDate_PostgresInputAndOutput_ReturnDateSendValue(string input, string expected, string sendHex)
    {
        var days = BinaryPrimitives.ReadInt32BigEndian(Convert.FromHexString(sendHex));

        Assert.True(PgText.TryParseDate(Encoding.UTF8.GetBytes(input), out var fromInput));
        Assert.True(PgText.TryParseDate(Encoding.UTF8.GetBytes(expected), out var fromOutput));
        Assert.Equal(days, fromInput.Days);
        Assert.Equal(days, fromOutput.Days);
    }

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void TryFormatTimestamp_TimestampSendValue_MatchesTimestampOut(string input, string expected, string sendHex)
    {
        _ = input;
        Assert.True(PgBinary.TryReadTimestamp(Convert.FromHexString(sendHex), out var value));

        Assert.Equal(expected, Format((v, d) => (PgText.TryFormatTimestamp(v, d, out var n), n), value));
        Assert.Equal(sendHex, Hex((v, d) => (PgBinary.TryWriteTimestamp(v, d, out var n), n), value));
    }

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void TryParseTimestamp_PostgresInput_ReturnsTimestampSendValue(string input, string expected, string sendHex)
    {
        var microseconds = BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(sendHex));

        Assert.True(PgText.TryParseTimestamp(Encoding.UTF8.GetBytes(input), out var fromInput));
        Assert.True(PgText.TryParseTimestamp(Encoding.UTF8.GetBytes(expected), out var fromOutput));
        Assert.Equal(microseconds, fromInput.Microseconds);
        Assert.Equal(microseconds, fromOutput.Microseconds);
    }

    [Theory]
    [MemberData(nameof(Times))]
    public void TryFormatTime_TimeSendValue_MatchesTimeOut(string input, string expected, string sendHex)
    {
        Assert.True(PgBinary.TryReadTime(Convert.FromHexString(sendHex), out var value));
        Assert.True(PgText.TryParseTime(Encoding.UTF8.GetBytes(input), out var parsed));

        Assert.Equal(expected, Format((v, d) => (PgText.TryFormatTime(v, d, out var n), n), value));
        Assert.Equal(value, parsed);
        Assert.Equal(sendHex, Hex((v, d) => (PgBinary.TryWriteTime(v, d, out var n), n), value));
    }

    [Theory]
    [MemberData(nameof(TimeTzs))]
    public void TryFormatTimeTz_TimeTzSendValue_MatchesTimeTzOut(string input, string expected, string sendHex)
    {
        Assert.True(PgBinary.TryReadTimeTz(Convert.FromHexString(sendHex), out var value));
        Assert.True(PgText.TryParseTimeTz(Encoding.UTF8.GetBytes(input), out var parsed));

        Assert.Equal(expected, Format((v, d) => (PgText.TryFormatTimeTz(v, d, out var n), n), value));
        Assert.Equal(value, parsed);
        Assert.Equal(sendHex, Hex((v, d) => (PgBinary.TryWriteTimeTz(v, d, out var n), n), value));
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("0000-01-01")]
    [InlineData("2000-02-29 BC")]
    [InlineData("2024-01-02x")]
    [InlineData("5874898-01-01")]
    public void TryParseDate_InvalidDate_ReturnsFalse(string text)
    {
        Assert.False(PgText.TryParseDate(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("24:00:01")]
    [InlineData("12:60:00")]
    [InlineData("12")]
    [InlineData("12:00:00+16")]
    public void TryParseTime_InvalidTime_ReturnsFalse(string text)
    {
        Assert.False(PgText.TryParseTime(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void PgDate_UnixDays_ConvertsFromDuckDbEpoch()
    {
        Assert.Equal(new PgDate(-10957), PgDate.FromUnixDays(0));
        Assert.Equal(19724, PgDate.FromDateOnly(new DateOnly(2024, 1, 2)).ToUnixDays());
    }

    [Fact]
    public void PgTimestamp_UnixMicroseconds_ConvertsFromDuckDbEpoch()
    {
        var value = PgTimestamp.FromUnixMicroseconds(1_704_164_645_123_456);

        Assert.Equal("2024-01-02 03:04:05.123456", Format((v, d) => (PgText.TryFormatTimestamp(v, d, out var n), n), value));
        Assert.True(value.TryToDateTime(out var dateTime));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, 123, 456), dateTime);
        Assert.Equal(value, PgTimestamp.FromDateTime(dateTime));
    }

    internal static string Format<T>(Func<T, byte[], (bool Ok, int Written)> format, T value)
    {
        var buffer = new byte[128];
        var (ok, written) = format(value, buffer);
        Assert.True(ok);
        return Encoding.UTF8.GetString(buffer, 0, written);
    }

    internal static string Hex<T>(Func<T, byte[], (bool Ok, int Written)> write, T value)
    {
        var buffer = new byte[128];
        var (ok, written) = write(value, buffer);
        Assert.True(ok);
        return Convert.ToHexStringLower(buffer, 0, written);
    }
}
