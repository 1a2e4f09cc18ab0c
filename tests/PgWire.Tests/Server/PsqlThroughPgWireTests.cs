using HtapRouter.PgWire.Auth;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.PgWire.Tests.Server;

/// <summary>Real psql and pgbench against the PgWire test server, which relays to a real PostgreSQL.</summary>
public class PsqlThroughPgWireTests : IClassFixture<PostgresFixture>
{
    private readonly PostgresServer _postgres;

    public PsqlThroughPgWireTests(PostgresFixture fixture) => _postgres = fixture.Server;

    [Theory]
    [InlineData(PgAuthMethod.ScramSha256, RelayUsers.ScramUser, RelayUsers.ScramPassword)]
    [InlineData(PgAuthMethod.Md5, RelayUsers.Md5User, RelayUsers.Md5Password)]
    public async Task Psql_SimpleQuery_AnswersFromPostgres(PgAuthMethod method, string user, string password)
    {
        await using var relay = RelayUsers.Start(_postgres, method);
        var endpoint = RelayUsers.Endpoint(relay, user, password, _postgres.AdminDatabase);

        var output = await Psql.QueryAsync(endpoint,
            "select 40 + 2, 'ünï' || 'code', null::int is null, current_setting('server_version_num')::int >= 150000");

        Assert.Equal("42|ünïcode|t|t", output);
        Assert.Equal(1, relay.Sessions);
    }

    [Fact]
    public async Task Psql_Gdesc_DescribesThroughTheExtendedProtocol()
    {
        await using var relay = RelayUsers.Start(_postgres, PgAuthMethod.ScramSha256);
        var endpoint = RelayUsers.Endpoint(relay, RelayUsers.ScramUser, RelayUsers.ScramPassword, _postgres.AdminDatabase);

        // \gdesc prepares the query (Parse, Describe, Sync) and prints the columns it would return.
        var result = await Psql.RunAsync(endpoint, ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1"],
            standardInput: "select 1::int8 as id, now() as at, 'x'::varchar(5) as v \\gdesc\n");

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(
            ["id|bigint", "at|timestamp with time zone", "v|character varying(5)"],
            result.StandardOutput.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData(PgAuthMethod.ScramSha256, RelayUsers.ScramUser)]
    [InlineData(PgAuthMethod.Md5, RelayUsers.Md5User)]
    [InlineData(PgAuthMethod.ScramSha256, "nobody")]
    public async Task Psql_WrongPassword_IsRefusedWith28P01(PgAuthMethod method, string user)
    {
        await using var relay = RelayUsers.Start(_postgres, method);
        var endpoint = RelayUsers.Endpoint(relay, user, "wrong-password", _postgres.AdminDatabase);

        var result = await Psql.RunAsync(endpoint, ["-X", "-A", "-t", "-c", "select 1"]);

        // libpq prints no SQLSTATE for a failed connection; the 28P01 itself is checked through Npgsql.
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"password authentication failed for user \"{user}\"", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, relay.Sessions);
    }

    [Fact]
    public async Task Psql_SslModeRequire_UpgradesToTls()
    {
        using var certificate = RelayUsers.SelfSignedCertificate();
        await using var relay = RelayUsers.Start(_postgres, PgAuthMethod.ScramSha256, certificate);
        var endpoint = RelayUsers.Endpoint(relay, RelayUsers.ScramUser, RelayUsers.ScramPassword, _postgres.AdminDatabase);

        var result = await Psql.RunAsync(endpoint,
            ["-X", "-A", "-t", "-d", $"dbname={_postgres.AdminDatabase} sslmode=require", "-c", "select 'over tls'"]);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal("over tls", result.StandardOutput.Trim());
        Assert.Equal(1, relay.TlsSessions);
    }

    [Fact]
    public async Task Psql_SslModeRequireWithoutCertificate_IsToldNo()
    {
        await using var relay = RelayUsers.Start(_postgres, PgAuthMethod.ScramSha256);
        var endpoint = RelayUsers.Endpoint(relay, RelayUsers.ScramUser, RelayUsers.ScramPassword, _postgres.AdminDatabase);

        var result = await Psql.RunAsync(endpoint,
            ["-X", "-A", "-t", "-d", $"dbname={_postgres.AdminDatabase} sslmode=require", "-c", "select 1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("server does not support SSL", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("extended")]
    [InlineData("prepared")]
    public async Task Pgbench_SelectOnly_RunsEveryQueryMode(string mode)
    {
        var database = await _postgres.CreateDatabaseAsync();
        (await Pgbench.InitializeAsync(_postgres.Endpoint(database), scale: 1)).EnsureSuccess();
        await using var relay = RelayUsers.Start(_postgres, PgAuthMethod.ScramSha256);
        var endpoint = RelayUsers.Endpoint(relay, RelayUsers.ScramUser, RelayUsers.ScramPassword, database);

        var result = await Pgbench.RunAsync(endpoint, ["-S", "-n", "-M", mode, "-c", "4", "-t", "50"]);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("number of transactions actually processed: 200/200", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("number of failed transactions: 0", result.StandardOutput, StringComparison.Ordinal);
    }
}
