using HtapRouter.AnalyticNode.Sql;

namespace HtapRouter.AnalyticNode.Tests.Sql;

/// <summary>Which time constants get seconds before their zone offset (see <see cref="TimeLiterals"/>), and which are left alone.</summary>
public class TimeLiteralsTests
{
    [Theory]
    [InlineData("2020-01-01 10:00+02", "2020-01-01 10:00:00+02")]
    [InlineData("2020-01-01T10:00-03:30", "2020-01-01T10:00:00-03:30")]
    [InlineData("10:00+02", "10:00:00+02")]
    [InlineData("9:05-11", "9:05:00-11")]
    [InlineData("2024-06-01 12:00 Europe/Paris", "2024-06-01 12:00:00 Europe/Paris")]
    [InlineData("2024-06-01 12:00 UTC", "2024-06-01 12:00:00 UTC")]
    public void WithSeconds_HourMinuteThenOffset_GetsSeconds(string text, string expected)
    {
        Assert.Equal(expected, TimeLiterals.WithSeconds(text));
    }

    [Theory]
    [InlineData("2020-01-01 10:00:30+02")]
    [InlineData("10:00")]
    [InlineData("10:00 Europe/Paris")]
    [InlineData("2024-06-01 10:00 PM")]
    [InlineData("2024-06-01 10:00 bc")]
    [InlineData("2020-01-01")]
    [InlineData("123:45+01")]
    [InlineData("10:0+02")]
    [InlineData("10:00+")]
    [InlineData("")]
    public void WithSeconds_NothingToAdd_IsNull(string text)
    {
        Assert.Null(TimeLiterals.WithSeconds(text));
    }
}
