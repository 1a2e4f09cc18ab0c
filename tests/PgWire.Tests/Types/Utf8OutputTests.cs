using System.Globalization;
using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.PgWire.Tests.Types;

public class Utf8OutputTests
{
    public static TheoryData<ulong> Numbers()
    {
        var data = new TheoryData<ulong> { 0, uint.MaxValue, (ulong)uint.MaxValue + 1, ulong.MaxValue, ulong.MaxValue - 1 };
        for (ulong power = 1; power <= 1_000_000_000_000_000_000; power *= 10)
        {
            data.Add(power - 1);
            data.Add(power);
            data.Add(power + 1);
            data.Add(power * 7 / 3);
        }

        data.Add(10_000_000_000_000_000_000);
        return data;
    }

    [Theory]
    [MemberData(nameof(Numbers))]
    public void WriteDigits_WritesTheDecimalZeroPadded(ulong value)
    {
        foreach (var minDigits in (int[])[1, 2, 4, 6, 25])
        {
            var buffer = new byte[32];
            var output = new Utf8Output(buffer);
            output.Write((byte)'<');
            output.WriteDigits(value, minDigits);
            output.Write((byte)'>');
            Assert.True(output.TryFinish(out var written));
            Assert.Equal($"<{value.ToString(CultureInfo.InvariantCulture).PadLeft(minDigits, '0')}>", Encoding.ASCII.GetString(buffer, 0, written));
        }
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(7, "07")]
    [InlineData(10, "10")]
    [InlineData(99, "99")]
    [InlineData(100, "100")]
    [InlineData(12345, "12345")]
    public void WriteTwoDigits_PadsToTwo(int value, string expected)
    {
        var buffer = new byte[8];
        var output = new Utf8Output(buffer);
        output.WriteTwoDigits(value);
        Assert.True(output.TryFinish(out var written));
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, written));
    }

    [Fact]
    public void DigitsThatDoNotFit_AreReportedAndNothingPastTheSpanIsWritten()
    {
        var buffer = new byte[6];
        var output = new Utf8Output(buffer.AsSpan(0, 4));
        output.WriteDigits(12345);
        output.WriteTwoDigits(1);
        Assert.False(output.TryFinish(out var written));
        Assert.Equal(0, written);

        var pair = new Utf8Output(buffer.AsSpan(0, 1));
        pair.WriteTwoDigits(42);
        Assert.False(pair.TryFinish(out _));
        Assert.Equal(0, buffer[4]);
        Assert.Equal(0, buffer[5]);
    }
}
