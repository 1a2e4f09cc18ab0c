using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.EndToEnd.Tests.TestSupport.Clients;

public sealed class PsqlTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private PostgresServer Server => fixture.Server;

    [Fact]
    public async Task QueryAsync_MultiRowSelect_ReturnsUnalignedRows()
    {
        var output = await Psql.QueryAsync(Server.Endpoint(), "SELECT g, g * g FROM generate_series(1, 3) AS g");

        Assert.Equal("1|1\n2|4\n3|9", output);
    }

    [Fact]
    public async Task RunAsync_ScriptOnStandardInput_RunsInGivenDatabase()
    {
        var database = await Server.CreateDatabaseAsync();

        var result = await Psql.RunAsync(
            Server.Endpoint(database),
            ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1"],
            standardInput: "CREATE TABLE notes (body text);\nINSERT INTO notes VALUES ('a'), ('b');\nSELECT current_database(), count(*) FROM notes;\n");

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith($"{database}|2\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2L, await Server.ScalarAsync<long>("SELECT count(*) FROM notes", database));
    }

    [Fact]
    public async Task RunAsync_ScriptFailsUnderOnErrorStop_ExitsThreeAndStops()
    {
        var database = await Server.CreateDatabaseAsync();

        var result = await Psql.RunAsync(
            Server.Endpoint(database),
            ["-X", "-v", "ON_ERROR_STOP=1"],
            standardInput: "SELECT * FROM no_such_table;\nCREATE TABLE never_created (id int);\n");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("relation \"no_such_table\" does not exist", result.StandardError, StringComparison.Ordinal);
        Assert.True(await Server.ScalarAsync<bool>("SELECT to_regclass('never_created') IS NULL", database));
    }

    [Fact]
    public async Task QueryAsync_FailingStatement_ThrowsWithServerError()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Psql.QueryAsync(Server.Endpoint(), "SELECT * FROM no_such_table"));

        Assert.Contains("relation \"no_such_table\" does not exist", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WrongPassword_FailsPasswordAuthentication()
    {
        var endpoint = Server.Endpoint() with { Password = "not-the-password" };

        var result = await Psql.RunAsync(endpoint, ["-X", "-c", "SELECT 1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("password authentication failed", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_ToString_OmitsPassword()
    {
        PgEndpoint endpoint = Server.Endpoint("somedb");

        Assert.DoesNotContain(Server.Password, endpoint.ToString(), StringComparison.Ordinal);
        Assert.Equal($"{Server.Username}@{Server.Host}:{Server.Port}/somedb", endpoint.ToString());
    }
}
