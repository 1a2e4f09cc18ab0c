using System.Text;
using HtapRouter.PgWire.Auth;

namespace HtapRouter.PgWire.Tests.Auth;

public class SaslPrepTests
{
    [Theory]
    [InlineData("pencil")]
    [InlineData("tab\tpass")]
    [InlineData("\u0001\u007F")]
    [InlineData("")]
    public void TryNormalize_Ascii_ReturnsItUnchanged(string password)
    {
        Assert.True(SaslPrep.TryNormalize(Encoding.ASCII.GetBytes(password), out byte[]? normalized));
        Assert.Equal(password, Encoding.ASCII.GetString(normalized));
    }

    [Theory]
    [InlineData("I\u00ADX", "IX")]
    [InlineData("\u2168", "IX")]
    [InlineData("a\u00A0b\u2003c\u3000d", "a b c d")]
    [InlineData("\uFF50\u200Bw", "p w")]
    [InlineData("e\u0301", "\u00E9")]
    [InlineData("\uFB01x\u034F", "fix")]
    [InlineData("\u05D0\u05B4\u05D1", "\u05D0\u05B4\u05D1")]
    [InlineData("\u0627\u0661\u0628", "\u0627\u0661\u0628")]
    public void TryNormalize_NonAscii_MapsAndNormalises(string password, string expected)
    {
        Assert.True(SaslPrep.TryNormalize(Encoding.UTF8.GetBytes(password), out byte[]? normalized));
        Assert.Equal(expected, Encoding.UTF8.GetString(normalized));
    }

    [Theory]
    [InlineData("\u00AD")]
    [InlineData("\u00AD\u200D\uFE0F")]
    [InlineData("\u00E9\u0007")]
    [InlineData("\u00E9\u200E")]
    [InlineData("\u00E9\uE000")]
    [InlineData("\u00E9\uFFFD")]
    [InlineData("\u00E9\U0001F600")]
    [InlineData("\U0001D7CA")]
    [InlineData("\u00E9\u2FF0")]
    [InlineData("\u05D0a")]
    [InlineData("\u05D0\u0661a\u05D1")]
    [InlineData("1\u05D0")]
    [InlineData("\u05D01")]
    [InlineData("\u0627\u0661")]
    [InlineData("\u0627\u00E9\u0628")]
    public void TryNormalize_ProhibitedOrBadBidi_Refuses(string password)
    {
        Assert.False(SaslPrep.TryNormalize(Encoding.UTF8.GetBytes(password), out byte[]? normalized));
        Assert.Null(normalized);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xE9, 0x74, 0xE9 })]
    public void TryNormalize_InvalidUtf8_Refuses(byte[] password)
    {
        Assert.False(SaslPrep.TryNormalize(password, out _));
    }

    [Fact]
    public void PreparePassword_Refused_FallsBackToRawBytes()
    {
        byte[] latin1 = [0x70, 0xE9, 0x6E]; // "pén" in Latin-1: not UTF-8.

        Assert.Equal(latin1, SaslPrep.PreparePassword(latin1));
        Assert.Equal(Encoding.UTF8.GetBytes("\uFF30\u200E"), SaslPrep.PreparePassword("\uFF30\u200E"));
    }

    [Fact]
    public void PreparePassword_Accepted_ReturnsNormalisedBytes()
    {
        Assert.Equal("PassIX"u8.ToArray(), SaslPrep.PreparePassword("\uFF30\uFF41\uFF53\uFF53\u2168"));
    }
}
