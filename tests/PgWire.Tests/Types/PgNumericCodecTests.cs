using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

/// <summary>
/// Each row: input text, PostgreSQL 15's numeric_out of it, and numeric_send of it in hex.
/// </summary>
public class PgNumericCodecTests
{
    public static TheoryData<string, string, string> PostgresCases => new()
    {
        { "0", "0", "0000000000000000" },
        { "0.00", "0.00", "0000000000000002" },
        { "-0.00", "0.00", "0000000000000002" },
        { "1", "1", "00010000000000000001" },
        { "-1", "-1", "00010000400000000001" },
        { "1.50", "1.50", "000200000000000200011388" },
        { "-1.50", "-1.50", "000200004000000200011388" },
        { "123.45", "123.45", "0002000000000002007b1194" },
        { "0.001", "0.001", "0001ffff00000003000a" },
        { "-0.005", "-0.005", "0001ffff400000030032" },
        { "10000", "10000", "00010001000000000001" },
        { "9999", "9999", "0001000000000000270f" },
        { "99999999", "99999999", "0002000100000000270f270f" },
        { "100000000", "100000000", "00010002000000000001" },
        { "12345678.9", "12345678.9", "000300010000000104d2162e2328" },
        { "0.0001", "0.0001", "0001ffff000000040001" },
        { "0.00001", "0.00001", "0001fffe0000000503e8" },
        { "1e3", "1000", "000100000000000003e8" },
        { "1.50e3", "1500", "000100000000000005dc" },
        { "1e-3", "0.001", "0001ffff00000003000a" },
        { "1.5e-10", "0.00000000015", "0001fffd0000000b0096" },
        { "123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789", "000b000700000009000c0d801ed204d2162e23340d801ed204d2162e2328" },
        { "-99999999999999999999999999999999999999", "-99999999999999999999999999999999999999", "000a0009400000000063270f270f270f270f270f270f270f270f270f" },
        { "0.1000", "0.1000", "0001ffff0000000403e8" },
        { "000123.4500", "123.4500", "0002000000000004007b1194" },
        { "  42  ", "42", "0001000000000000002a" },
        { "+7", "7", "00010000000000000007" },
        { "NaN", "NaN", "00000000c0000000" },
        { "Infinity", "Infinity", "00000000d0000020" },
        { "-Infinity", "-Infinity", "00000000f0000020" },
        { "inf", "Infinity", "00000000d0000020" },
        { "-inf", "-Infinity", "00000000f0000020" },
        { "3.14159265358979323846264338327950288419716939937510", "3.14159265358979323846264338327950288419716939937510", "000e0000000000320003058724310e051efc0f060a530ef81f0e0b4407b31b1b249f03e8" },
        { "170141183460469231731687303715884105727", "170141183460469231731687303715884105727", "000a00090000000000aa0583209a01d5090d0c601c871bf620da165f" },
        { "-170141183460469231731687303715884105728", "-170141183460469231731687303715884105728", "000a00094000000000aa0583209a01d5090d0c601c871bf620da1660" },
        { "1e100", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "00010019000000000001" },
        { "1.000000000000000000001", "1.000000000000000000001", "000700000000001500010000000000000000000003e8" },
        { "5e-20", "0.00000000000000000005", "0001fffb000000140005" },
        { "10001.0001", "10001.0001", "0003000100000004000100010001" },
        { "20000.00002", "20000.00002", "000400010000000500020000000007d0" },
    };

    [Theory]
    [MemberData(nameof(PostgresCases))]
    public void TryParseNumeric_PostgresInput_FormatsAsNumericOut(string input, string expectedText, string expectedSendHex)
    {
        _ = expectedSendHex;
        Assert.True(PgText.TryParseNumeric(Encoding.UTF8.GetBytes(input), out var value));

        Assert.Equal(expectedText, Format(value));
    }

    [Theory]
    [MemberData(nameof(PostgresCases))]
    public void TryWriteNumeric_ParsedInput_MatchesNumericSend(string input, string expectedText, string expectedSendHex)
    {
        _ = expectedText;
        Assert.True(PgText.TryParseNumeric(Encoding.UTF8.GetBytes(input), out var value));
        var buffer = new byte[256];

        Assert.True(PgBinary.TryWriteNumeric(value, buffer, out var written));
        Assert.Equal(expectedSendHex, Convert.ToHexStringLower(buffer, 0, written));
    }

    [Theory]
    [MemberData(nameof(PostgresCases))]
    public void TryReadNumeric_NumericSendBytes_FormatsAsNumericOut(string input, string expectedText, string expectedSendHex)
    {
        _ = input;
        Assert.True(PgBinary.TryReadNumeric(Convert.FromHexString(expectedSendHex), out var value));

        Assert.Equal(expectedText, Format(value));
    }

    [Theory]
    [MemberData(nameof(PostgresCases))]
    public void TryFormatNumeric_Int128FastPath_MatchesNumericOutAndSend(string input, string expectedText, string expectedSendHex)
    {
        Assert.True(PgText.TryParseNumeric(Encoding.UTF8.GetBytes(input), out var value));
        if (!value.TryGetDecimal(out var unscaled, out var scale))
        {
            Assert.True(!value.IsFinite || expectedText.Replace(".", "", StringComparison.Ordinal).TrimStart('-').Length > 38);
            return;
        }

        var buffer = new byte[256];
        Assert.True(PgText.TryFormatNumeric(unscaled, scale, buffer, out var written));
        Assert.Equal(expectedText, Encoding.UTF8.GetString(buffer, 0, written));
        Assert.True(PgBinary.TryWriteNumeric(unscaled, scale, buffer, out written));
        Assert.Equal(expectedSendHex, Convert.ToHexStringLower(buffer, 0, written));
        Assert.True(PgBinary.TryReadNumeric(Convert.FromHexString(expectedSendHex), out Int128 readUnscaled, out var readScale));
        Assert.Equal((unscaled, scale), (readUnscaled, readScale));
    }

    [Theory]
    [InlineData("12345", -2, "1234500")]
    [InlineData("-5", 3, "-0.005")]
    [InlineData("0", 2, "0.00")]
    public void TryFormatNumeric_Int128WithScale_PrintsScaledValue(string unscaled, int scale, string expected)
    {
        var buffer = new byte[64];

        Assert.True(PgText.TryFormatNumeric(Int128.Parse(unscaled, System.Globalization.CultureInfo.InvariantCulture), scale, buffer, out var written));
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer, 0, written));
    }

    [Fact]
    public void FromDecimal_SystemDecimal_KeepsScale()
    {
        Assert.Equal("-1.50", PgNumeric.FromDecimal(-1.50m).ToString());
        Assert.Equal("79228162514264337593543950335", PgNumeric.FromDecimal(decimal.MaxValue).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("1e")]
    [InlineData("1e131072")]
    [InlineData("1e-16384")]
    [InlineData("- 1")]
    [InlineData("12abc")]
    [InlineData("Infinityx")]
    [InlineData("1e2000000000")]
    public void TryParseNumeric_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(PgText.TryParseNumeric(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("0001000000000000270f00")]
    [InlineData("00010000000000002710")]
    [InlineData("0001000050000000000a")]
    [InlineData("00000000000040000000")]
    public void TryReadNumeric_InvalidBytes_ReturnsFalse(string hex)
    {
        Assert.False(PgBinary.TryReadNumeric(Convert.FromHexString(hex), out PgNumeric _));
    }

    [Fact]
    public void TryReadNumeric_BeyondInt128_FastPathReturnsFalse()
    {
        // 1e100 from numeric_send.
        Assert.False(PgBinary.TryReadNumeric(Convert.FromHexString("00010019000000000001"), out Int128 _, out _));
    }

    private static string Format(PgNumeric value)
    {
        var buffer = new byte[256];
        Assert.True(PgText.TryFormatNumeric(value, buffer, out var written));
        return Encoding.UTF8.GetString(buffer, 0, written);
    }
}
