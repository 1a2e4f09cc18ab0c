using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.AnalyticNode.Tests.Catalog;

/// <summary>The node's numeric division against PostgreSQL's own numeric_div, digit for digit.</summary>
public sealed class NumericDivisionTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Divide_RandomOperands_PrintsWhatPostgresPrints()
    {
        var random = new Random(20261123);
        var pairs = new List<(string Dividend, string Divisor)>
        {
            ("0", "5"), ("0.00", "3"), ("1", "3"), ("-1", "3.000"), ("2", "-3"), ("10.0", "4"), ("1", "0.0003"),
            ("123456789012345678", "7.0"), ("9999", "1"), ("10000", "10000"), ("1", "9999"), ("0.0001", "0.0002"),
            ("170141183460469231731687303715884105727", "3"), ("1.5", "1e-3"), ("25e2", "7"), ("5", "2"), ("-5", "2"),
        };
        for (var i = 0; i < 400; i++)
        {
            pairs.Add((RandomDecimal(random, allowZero: true), RandomDecimal(random, allowZero: false)));
        }

        await using var connection = await postgres.Server.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "select (a::numeric / b::numeric)::text from unnest(@a, @b) as p(a, b)";
        command.Parameters.AddWithValue("a", pairs.Select(p => p.Dividend).ToArray());
        command.Parameters.AddWithValue("b", pairs.Select(p => p.Divisor).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var row = 0;
        while (await reader.ReadAsync())
        {
            var (dividend, divisor) = pairs[row++];
            Assert.True(reader.GetString(0) == NumericDivision.Divide(dividend, divisor), $"{dividend} / {divisor}: PostgreSQL {reader.GetString(0)}, node {NumericDivision.Divide(dividend, divisor)}");
        }

        Assert.Equal(pairs.Count, row);
    }

    [Theory]
    [InlineData("1", "0")]
    [InlineData("-2.50", "0.000")]
    public void Divide_ByZero_Throws(string dividend, string divisor) =>
        Assert.Throws<DivideByZeroException>(() => NumericDivision.Divide(dividend, divisor));

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    public void Divide_NotANumber_Throws(string dividend) =>
        Assert.ThrowsAny<FormatException>(() => NumericDivision.Divide(dividend, "1"));

    /// <summary>Up to 30 integer digits and 12 decimals, with leading zeros in both, either sign.</summary>
    internal static string RandomDecimal(Random random, bool allowZero)
    {
        while (true)
        {
            var integerDigits = random.Next(0, 31);
            var scale = random.Next(0, 13);
            var digits = new char[integerDigits + scale];
            for (var i = 0; i < digits.Length; i++)
            {
                // Mostly zeros in some values, so that leading base-10000 groups of every size occur.
                digits[i] = (char)('0' + (random.Next(4) == 0 ? 0 : random.Next(10)));
            }

            var text = new string(digits, 0, integerDigits) is { Length: > 0 } whole ? whole : "0";
            if (scale > 0)
            {
                text += "." + new string(digits, integerDigits, scale);
            }

            if (!allowZero && text.All(c => c is '0' or '.'))
            {
                continue;
            }

            return random.Next(2) == 0 ? "-" + text : text;
        }
    }
}
