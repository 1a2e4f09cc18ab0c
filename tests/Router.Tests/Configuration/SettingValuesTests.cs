using HtapRouter.Router.Configuration;

namespace HtapRouter.Router.Tests.Configuration;

public class SettingValuesTests
{
    [Theory]
    [InlineData("on", true)]
    [InlineData("off", false)]
    [InlineData("of", false)]
    [InlineData("ON", true)]
    [InlineData("true", true)]
    [InlineData("t", true)]
    [InlineData("FALSE", false)]
    [InlineData("yes", true)]
    [InlineData("ye", true)]
    [InlineData("no", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void TryParseBoolean_PgpoolSpelling_Reads(string text, bool expected)
    {
        Assert.True(SettingValues.TryParseBoolean(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("o")]
    [InlineData("maybe")]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("onx")]
    [InlineData("10")]
    [InlineData("truely")]
    public void TryParseBoolean_NotABoolean_Fails(string text) => Assert.False(SettingValues.TryParseBoolean(text, out _));

    [Theory]
    [InlineData("10", "None", 10)]
    [InlineData("+7", "None", 7)]
    [InlineData("0x1F", "None", 31)]
    [InlineData("010", "None", 8)]
    [InlineData("1e3", "None", 1000)]
    [InlineData("2.5", "None", 2)]
    [InlineData("3.5", "None", 4)]
    [InlineData("30", "Seconds", 30)]
    [InlineData("1min", "Seconds", 60)]
    [InlineData("1 min", "Seconds", 60)]
    [InlineData("1.5min", "Seconds", 90)]
    [InlineData("2h", "Seconds", 7200)]
    [InlineData("1d", "Seconds", 86400)]
    [InlineData("1500ms", "Seconds", 2)]
    [InlineData("2s", "Milliseconds", 2000)]
    [InlineData("250", "Milliseconds", 250)]
    [InlineData("10MB", "Bytes", 10 * 1024 * 1024)]
    [InlineData("1kB", "Bytes", 1024)]
    [InlineData("1GB", "Bytes", 1024L * 1024 * 1024)]
    public void TryParseInteger_PgpoolForms_Read(string text, string unit, long expected)
    {
        Assert.True(SettingValues.TryParseInteger(text, Enum.Parse<SettingUnit>(unit), long.MinValue, long.MaxValue, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("", "None")]
    [InlineData("abc", "None")]
    [InlineData("10s", "None")]
    [InlineData("09", "None")]
    [InlineData("1minute", "Seconds")]
    [InlineData("10mb", "Bytes")]
    [InlineData("10MB", "Seconds")]
    [InlineData("1 min x", "Seconds")]
    public void TryParseInteger_Malformed_Fails(string text, string unit) =>
        Assert.False(SettingValues.TryParseInteger(text, Enum.Parse<SettingUnit>(unit), long.MinValue, long.MaxValue, out _));

    [Fact]
    public void TryParseInteger_OutsideRange_Fails()
    {
        Assert.False(SettingValues.TryParseInteger("-1", SettingUnit.None, 0, 10, out _));
        Assert.False(SettingValues.TryParseInteger("11", SettingUnit.None, 0, 10, out _));
        Assert.False(SettingValues.TryParseInteger("3000000000", SettingUnit.None, int.MinValue, int.MaxValue, out _));
    }

    [Fact]
    public void SplitPatterns_EscapedSemicolonAndQuote_StayInThePattern()
    {
        var patterns = SettingLists.SplitPatterns(@"^SELECT 1$;^SET a = \'x\;y\'$; ;\.foo\d+;");

        Assert.Equal(["^SELECT 1$", @"^SET a = 'x\;y'$", @"\.foo\d+"], patterns);
    }

    [Fact]
    public void SplitCommas_SpacesAndEmptyItems_AreDropped() =>
        Assert.Equal(["nextval", "setval"], SettingLists.SplitCommas(" nextval, setval ,,"));
}
