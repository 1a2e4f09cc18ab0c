using HtapRouter.TestSupport.Postgres;
using Npgsql;

namespace HtapRouter.PgQuery.Tests;

/// <summary>Compares the parser's errors with a real PostgreSQL server's ErrorResponse for the same text.</summary>
public sealed class SyntaxErrorsMatchPostgresTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData("selec 1")]
    [InlineData("select 1 from")]
    [InlineData("select 'abc")]
    [InlineData("select U&'\\00zz'")]
    [InlineData("select 'ééé' frm x")]
    [InlineData("select '😀😀' frm x")]
    [InlineData("select $$a$$ || 'Grüße' as \"名前\" frm x")]
    [InlineData("create assertion a check (true)")]
    [InlineData("select 1 fetch first 1 rows with ties")]
    [InlineData("select * from t order by")]
    public async Task Parse_InvalidSql_ReportsWhatPostgresReports(string sql)
    {
        await using var connection = await fixture.Server.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var server = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        var parser = Assert.Throws<PgSqlSyntaxException>(() => PgParser.Parse(sql));

        Assert.Equal((server.MessageText, server.SqlState, server.Position == 0 ? (int?)null : server.Position),
            (parser.Message, parser.SqlState, parser.Position));
    }
}
