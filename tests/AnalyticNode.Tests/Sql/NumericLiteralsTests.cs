using HtapRouter.AnalyticNode.Sql;

namespace HtapRouter.AnalyticNode.Tests.Sql;

/// <summary>A number constant's text as PostgreSQL's numeric_in reads it (see <see cref="NumericLiterals"/>).</summary>
public class NumericLiteralsTests
{
    [Theory]
    [InlineData("1.5", "1.5")]
    [InlineData("1.50", "1.50")]
    [InlineData("-2.25", "-2.25")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("007.10", "7.10")]
    [InlineData("1e3", "1000")]
    [InlineData("1.50e1", "15.0")]
    [InlineData("1.5E+1", "15")]
    [InlineData("-1.5e-2", "-0.015")]
    [InlineData("0.00", "0.00")]
    [InlineData("-0.0", "0.0")]
    [InlineData("0e-3", "0.000")]
    [InlineData("12345678901234567890123456789.123", "12345678901234567890123456789.123")]
    public void ConstantText_IsNumericInsText(string constant, string expected)
    {
        Assert.Equal(expected, NumericLiterals.ConstantText(constant));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("1.2.3")]
    [InlineData("1e99999")]
    [InlineData("abc")]
    public void ConstantText_NotANumber_IsNull(string constant)
    {
        Assert.Null(NumericLiterals.ConstantText(constant));
    }
}
