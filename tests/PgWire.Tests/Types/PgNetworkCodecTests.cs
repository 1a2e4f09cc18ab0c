using System.Net;
using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>Rows: input text, PostgreSQL 15's output for it, and its typsend bytes in hex.</summary>
public class PgNetworkCodecTests
{
    public static TheoryData<string, string, string> Inets => new()
    {
        { "192.168.1.5/24", "192.168.1.5/24", "02180004c0a80105" },
        { "10.0.0.1", "10.0.0.1", "022000040a000001" },
        { "10.0.0.1/32", "10.0.0.1", "022000040a000001" },
        { "0.0.0.0/0", "0.0.0.0/0", "0200000400000000" },
        { "255.255.255.255", "255.255.255.255", "02200004ffffffff" },
        { "::ffff:1.2.3.4", "::ffff:1.2.3.4", "0380001000000000000000000000ffff01020304" },
        { "::1.2.3.4", "::1.2.3.4", "0380001000000000000000000000000001020304" },
        { "::1:0", "::0.1.0.0", "0380001000000000000000000000000000010000" },
        { "::1", "::1", "0380001000000000000000000000000000000001" },
        { "::", "::", "0380001000000000000000000000000000000000" },
        { "1::", "1::", "0380001000010000000000000000000000000000" },
        { "2001:db8::1:0:0:1", "2001:db8::1:0:0:1", "0380001020010db8000000000001000000000001" },
        { "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1", "0380001020010db8000000000001000000000001" },
        { "fe80::", "fe80::", "03800010fe800000000000000000000000000000" },
        { "0:0:0:0:0:1:0:0", "::1:0:0", "0380001000000000000000000000000100000000" },
        { "::ffff:0:0", "::ffff:0.0.0.0", "0380001000000000000000000000ffff00000000" },
        { "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", "0380001000010002000300040005000600070008" },
        { "::ffff:1.2.3.0/120", "::ffff:1.2.3.0/120", "0378001000000000000000000000ffff01020300" },
        { "1::1:2:3:4:5:6", "1:0:1:2:3:4:5:6", "0380001000010000000100020003000400050006" },
        { "1:0:0:1::1/64", "1:0:0:1::1/64", "0340001000010000000000010000000000000001" },
        { "2001:DB8::ABCD", "2001:db8::abcd", "0380001020010db800000000000000000000abcd" },
        { "::fffe:1.2.3.4", "::fffe:102:304", "0380001000000000000000000000fffe01020304" },
        { "10.0.0.1/8", "10.0.0.1/8", "020800040a000001" },
    };

    public static TheoryData<string, string, string> Cidrs => new()
    {
        { "10.1/16", "10.1.0.0/16", "021001040a010000" },
        { "10.0.0.1/32", "10.0.0.1/32", "022001040a000001" },
        { "10/8", "10.0.0.0/8", "020801040a000000" },
        { "::/0", "::/0", "0300011000000000000000000000000000000000" },
        { "2001:db8::/32", "2001:db8::/32", "0320011020010db8000000000000000000000000" },
        { "10.1.2", "10.1.2.0/24", "021801040a010200" },
        { "128", "128.0.0.0/16", "0210010480000000" },
        { "10.1.2.0/24", "10.1.2.0/24", "021801040a010200" },
        { "192.168/16", "192.168.0.0/16", "02100104c0a80000" },
        { "::ffff:1.2.3.4", "::ffff:1.2.3.4/128", "0380011000000000000000000000ffff01020304" },
        { "224", "224.0.0.0/4", "02040104e0000000" },
        { "0.0.0.0/0", "0.0.0.0/0", "0200010400000000" },
        { "fe80::/10", "fe80::/10", "030a0110fe800000000000000000000000000000" },
    };

    public static TheoryData<string, string, string> MacAddresses => new()
    {
        { "08:00:2b:01:02:03", "08:00:2b:01:02:03", "08002b010203" },
        { "08-00-2b-01-02-03", "08:00:2b:01:02:03", "08002b010203" },
        { "08002b:010203", "08:00:2b:01:02:03", "08002b010203" },
        { "08002b-010203", "08:00:2b:01:02:03", "08002b010203" },
        { "0800.2b01.0203", "08:00:2b:01:02:03", "08002b010203" },
        { "0800-2b01-0203", "08:00:2b:01:02:03", "08002b010203" },
        { "08002b010203", "08:00:2b:01:02:03", "08002b010203" },
        { "FF:FF:FF:FF:FF:FF", "ff:ff:ff:ff:ff:ff", "ffffffffffff" },
        { "00:00:00:00:00:00", "00:00:00:00:00:00", "000000000000" },
    };

    [Theory]
    [MemberData(nameof(Inets))]
    public void TryParseInet_PostgresInput_MatchesInetOutAndSend(string input, string expected, string sendHex)
    {
        Assert.True(PgText.TryParseInet(Encoding.UTF8.GetBytes(input), out var value));

        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatInet(v, d, out var n), n), value));
        Assert.Equal(sendHex, PgDateTimeCodecTests.Hex((v, d) => (PgBinary.TryWriteInet(v, d, out var n), n), value));
        Assert.True(PgBinary.TryReadInet(Convert.FromHexString(sendHex), out var read, out var isCidr));
        Assert.Equal(value, read);
        Assert.False(isCidr);
    }

    [Theory]
    [MemberData(nameof(Cidrs))]
    public void TryParseCidr_PostgresInput_MatchesCidrOutAndSend(string input, string expected, string sendHex)
    {
        Assert.True(PgText.TryParseCidr(Encoding.UTF8.GetBytes(input), out var value));

        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatCidr(v, d, out var n), n), value));
        Assert.Equal(sendHex, PgDateTimeCodecTests.Hex((v, d) => (PgBinary.TryWriteCidr(v, d, out var n), n), value));
        Assert.True(PgBinary.TryReadInet(Convert.FromHexString(sendHex), out var read, out var isCidr));
        Assert.Equal(value, read);
        Assert.True(isCidr);
    }

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("1:0:0:1::1/64")]
    [InlineData("10.0.0.1/33")]
    [InlineData("256.0.0.0/8")]
    public void TryParseCidr_BitsRightOfMaskOrInvalid_ReturnsFalse(string text)
    {
        Assert.False(PgText.TryParseCidr(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("::1%eth0")]
    [InlineData("::1/129")]
    [InlineData("10.0.0.1/")]
    public void TryParseInet_InvalidAddress_ReturnsFalse(string text)
    {
        Assert.False(PgText.TryParseInet(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void PgInet_FromIPAddress_RoundTrips()
    {
        var address = IPAddress.Parse("2001:db8::1");

        Assert.Equal(address, PgInet.FromIPAddress(address).ToIPAddress());
        Assert.Equal(128, PgInet.FromIPAddress(address).PrefixLength);
    }

    [Theory]
    [MemberData(nameof(MacAddresses))]
    public void TryParseMacAddress_PostgresInput_MatchesMacaddrOutAndSend(string input, string expected, string sendHex)
    {
        Assert.True(PgText.TryParseMacAddress(Encoding.UTF8.GetBytes(input), out var value));

        Assert.Equal(expected, PgDateTimeCodecTests.Format((v, d) => (PgText.TryFormatMacAddress(v, d, out var n), n), value));
        Assert.Equal(sendHex, PgDateTimeCodecTests.Hex((v, d) => (PgBinary.TryWriteMacAddress(v, d, out var n), n), value));
        Assert.True(PgBinary.TryReadMacAddress(Convert.FromHexString(sendHex), out var read));
        Assert.Equal(value, read);
    }

    [Theory]
    [InlineData("08:00:2b:01:02")]
    [InlineData("08:00-2b:01:02:03")]
    [InlineData("0800:2b01:0203")]
    [InlineData("08:00:2b:01:02:0g")]
    public void TryParseMacAddress_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(PgText.TryParseMacAddress(Encoding.UTF8.GetBytes(text), out _));
    }
}
