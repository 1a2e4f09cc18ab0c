using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>bool, integers, uuid, bytea, text and json. Rows: input, PostgreSQL 15's output, typsend hex.</summary>
public class PgScalarCodecTests
{
    public static TheoryData<string, string, string> Bools => new()
    {
        { "t", "t", "01" },
        { "true", "t", "01" },
        { "TRUE", "t", "01" },
        { " yes ", "t", "01" },
        { "y", "t", "01" },
        { "on", "t", "01" },
        { "1", "t", "01" },
        { "f", "f", "00" },
        { "false", "f", "00" },
        { "no", "f", "00" },
        { "n", "f", "00" },
        { "off", "f", "00" },
        { "0", "f", "00" },
        { "tr", "t", "01" },
        { "of", "f", "00" },
        { "fa", "f", "00" },
        { "ye", "t", "01" },
    };

    public static TheoryData<string, string, string> Uuids => new()
    {
        { "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11" },
        { "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11" },
        { "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11" },
        { "a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11" },
        { "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11" },
        { "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11" },
        { "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000", "00000000000000000000000000000000" },
        { "ffffffff-ffff-ffff-ffff-ffffffffffff", "ffffffff-ffff-ffff-ffff-ffffffffffff", "ffffffffffffffffffffffffffffffff" },
    };

    public static TheoryData<string, string, string> Byteas => new()
    {
        { "\\x", "\\x", "" },
        { "\\x0102ff", "\\x0102ff", "0102ff" },
        { "\\xDEADbeef", "\\xdeadbeef", "deadbeef" },
        { "\\x01 02\n03", "\\x010203", "010203" },
        { "abc", "\\x616263", "616263" },
        { "a\\\\b", "\\x615c62", "615c62" },
        { "\\001\\377x", "\\x01ff78", "01ff78" },
        { "", "\\x", "" },
        { "\\x00", "\\x00", "00" },
    };

    [Theory]
    [MemberData(nameof(Bools))]
    public void TryParseBool_PostgresInput_MatchesBoolOutAndSend(string input, string expected, string sendHex)
    {
        Assert.True(PgText.TryParseBool(Encoding.UTF8.GetBytes(input), out var value));

        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatBool(v, d, out var n), n), value));
        Assert.Equal(sendHex, PgDateTimeCodecTests.Hex((v, d) => (PgBinary.TryWriteBool(v, d, out var n), n), value));
    }

    [Theory]
    [InlineData("o")]
    [InlineData("")]
    [InlineData("truee")]
    [InlineData("2")]
    [InlineData("10")]
    public void TryParseBool_AmbiguousOrInvalid_ReturnsFalse(string text)
    {
        Assert.False(PgText.TryParseBool(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [MemberData(nameof(Uuids))]
    public void TryParseUuid_PostgresInput_MatchesUuidOutAndSend(string input, string expected, string sendHex)
    {
        Assert.True(PgText.TryParseUuid(Encoding.UTF8.GetBytes(input), out var value));

        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatUuid(v, d, out var n), n), value));
        Assert.Equal(sendHex, PgDateTimeCodecTests.Hex((v, d) => (PgBinary.TryWriteUuid(v, d, out var n), n), value));
        Assert.True(PgBinary.TryReadUuid(Convert.FromHexString(sendHex), out var read));
        Assert.Equal(value, read);
    }

    [Theory]
    [InlineData("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1")]
    [InlineData("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-")]
    [InlineData("a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11")]
    [InlineData("{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")]
    [InlineData(" a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")]
    public void TryParseUuid_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(PgText.TryParseUuid(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [MemberData(nameof(Byteas))]
    public void TryParseBytea_PostgresInput_MatchesByteaOut(string input, string expected, string bytesHex)
    {
        var text = Encoding.UTF8.GetBytes(input);
        var bytes = new byte[PgText.GetMaxByteaLength(text)];

        Assert.True(PgText.TryParseBytea(text, bytes, out var length));
        Assert.Equal(bytesHex, Convert.ToHexStringLower(bytes, 0, length));
        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatBytea(v, d, out var n), n), bytes[..length]));
    }

    [Theory]
    [InlineData("\\x0")]
    [InlineData("\\x0g")]
    [InlineData("a\\b")]
    [InlineData("\\400")]
    [InlineData("\\")]
    public void TryParseBytea_InvalidText_ReturnsFalse(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        Assert.False(PgText.TryParseBytea(bytes, new byte[bytes.Length], out _));
    }

    [Theory]
    [InlineData(short.MinValue, "-32768", "8000")]
    [InlineData((short)0, "0", "0000")]
    [InlineData((short)12345, "12345", "3039")]
    public void TryFormatInt2_Value_MatchesInt2OutAndSend(short value, string expected, string sendHex)
    {
        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatInt2(v, d, out var n), n), value));
        Assert.Equal(sendHex, PgDateTimeCodecTests.Hex((v, d) => (PgBinary.TryWriteInt2(v, d, out var n), n), value));
    }

    [Theory]
    [InlineData(int.MinValue, "-2147483648", "80000000")]
    [InlineData(-1, "-1", "ffffffff")]
    [InlineData(42, "42", "0000002a")]
    public void TryFormatInt4_Value_MatchesInt4OutAndSend(int value, string expected, string sendHex)
    {
        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatInt4(v, d, out var n), n), value));
        Assert.Equal(sendHex, PgDateTimeCodecTests.Hex((v, d) => (PgBinary.TryWriteInt4(v, d, out var n), n), value));
        Assert.True(PgBinary.TryReadInt4(Convert.FromHexString(sendHex), out var read));
        Assert.Equal(value, read);
    }

    [Theory]
    [InlineData(long.MinValue, "-9223372036854775808", "8000000000000000")]
    [InlineData(long.MaxValue, "9223372036854775807", "7fffffffffffffff")]
    public void TryFormatInt8_Value_MatchesInt8OutAndSend(long value, string expected, string sendHex)
    {
        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatInt8(v, d, out var n), n), value));
        Assert.Equal(sendHex, PgDateTimeCodecTests.Hex((v, d) => (PgBinary.TryWriteInt8(v, d, out var n), n), value));
    }

    [Theory]
    [InlineData(" 42 ", 42)]
    [InlineData("+7", 7)]
    [InlineData("-2147483648", int.MinValue)]
    public void TryParseInt4_PostgresAcceptedInput_ReturnsValue(string text, int expected)
    {
        Assert.True(PgText.TryParseInt4(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("1.0")]
    [InlineData("")]
    [InlineData("1 2")]
    public void TryParseInt4_OutOfRangeOrInvalid_ReturnsFalse(string text)
    {
        Assert.False(PgText.TryParseInt4(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void TryReadInt4_WrongLength_ReturnsFalse()
    {
        Assert.False(PgBinary.TryReadInt4([0, 0, 1], out _));
        Assert.False(PgBinary.TryReadInt4([0, 0, 0, 1, 0], out _));
    }

    [Fact]
    public void TryWriteJsonb_Text_PrefixesVersionOne()
    {
        // jsonb_send('{"a": 1}') in PostgreSQL 15.
        const string JsonbSendHex = "017b2261223a20317d";
        var buffer = new byte[16];

        Assert.True(PgBinary.TryWriteJsonb("{\"a\": 1}"u8, buffer, out var written));
        Assert.Equal(JsonbSendHex, Convert.ToHexStringLower(buffer, 0, written));
        Assert.True(PgBinary.TryReadJsonb(Convert.FromHexString(JsonbSendHex), out var text));
        Assert.Equal("{\"a\": 1}", Encoding.UTF8.GetString(text));
        Assert.False(PgBinary.TryReadJsonb([2, (byte)'1'], out _));
    }

    [Fact]
    public void TryFormatText_String_WritesUtf8()
    {
        Assert.Equal("héllo €", PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatText(v.AsSpan(), d, out var n), n), "héllo €"));
        Assert.False(PgText.IsValidText([0xC3]));
    }
}
