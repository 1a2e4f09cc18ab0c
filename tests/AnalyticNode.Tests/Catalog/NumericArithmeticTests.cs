using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.AnalyticNode.Tests.Catalog;

/// <summary>The node's numeric +, -, * and round() on numeric text against PostgreSQL's own, digit for digit.</summary>
public sealed class NumericArithmeticTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Arithmetic_RandomOperands_PrintsWhatPostgresPrints()
    {
        var random = new Random(20261124);
        var cases = new List<(string Left, string Right, int Scale)>
        {
            ("0", "0.000", 0), ("-0.5", "0.5", 0), ("2.5000000000000000", "2", 1), ("-2.5", "1e-3", -1), ("99.95", "-1", 1),
            ("12345678901234567890123456789", "0.0000000000000001", -3), ("-0.004", "3", 2), ("5", "-5", -1), ("25e2", "7", 3),
        };
        for (var i = 0; i < 300; i++)
        {
            cases.Add((NumericDivisionTests.RandomDecimal(random, allowZero: true), NumericDivisionTests.RandomDecimal(random, allowZero: true),
                random.Next(-4, 15)));
        }

        await using var connection = await postgres.Server.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            select (a::numeric + b::numeric)::text, (a::numeric - b::numeric)::text, (a::numeric * b::numeric)::text, round(a::numeric, s)::text
            from unnest(@a, @b, @s) as p(a, b, s)
            """;
        command.Parameters.AddWithValue("a", cases.Select(c => c.Left).ToArray());
        command.Parameters.AddWithValue("b", cases.Select(c => c.Right).ToArray());
        command.Parameters.AddWithValue("s", cases.Select(c => c.Scale).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var row = 0;
        while (await reader.ReadAsync())
        {
            var (left, right, scale) = cases[row++];
            string[] expected = [reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)];
            string[] actual =
            [
                NumericArithmetic.Add(left, right), NumericArithmetic.Subtract(left, right), NumericArithmetic.Multiply(left, right),
                NumericArithmetic.Round(left, scale),
            ];
            Assert.True(expected.SequenceEqual(actual), $"{left}, {right}, {scale}: PostgreSQL {string.Join(" ", expected)}, node {string.Join(" ", actual)}");
        }

        Assert.Equal(cases.Count, row);
    }
}
