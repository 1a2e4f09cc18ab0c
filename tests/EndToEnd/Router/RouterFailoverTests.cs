using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Postgres.Local;
using Npgsql;

namespace HtapRouter.EndToEnd.Tests.Router;

/// <summary>
/// Health, failover and failback with backends the test can stop and start: two local PostgreSQL clusters, node 0
/// the primary and node 1 a standby (a plain server holding the same table, which is all routing needs).
/// </summary>
public sealed class RouterFailoverTests : IAsyncLifetime
{
    private LocalPostgresCluster _primary = null!;
    private LocalPostgresCluster _standby = null!;

    public async Task InitializeAsync()
    {
        _primary = await LocalPostgresCluster.CreateAsync();
        _standby = await LocalPostgresCluster.CreateAsync();
        foreach (var server in new[] { _primary, _standby })
        {
            await server.ExecuteAsync($"CREATE TABLE test (id integer PRIMARY KEY, name text); INSERT INTO test VALUES (1, '{(server == _primary ? "primary" : "standby")}')");
        }
        // The router logs in to every backend with one password, as pgpool does.
        await _standby.ExecuteAsync($"ALTER ROLE {_standby.Username} PASSWORD '{_primary.Password}'");
    }

    public async Task DisposeAsync()
    {
        await _primary.DisposeAsync();
        await _standby.DisposeAsync();
    }

    private Task<RouterHost> StartRouterAsync(IReadOnlyDictionary<string, string?>? settings = null) => RouterHost.StartAsync(
        [new RouterBackend(_primary.Host, _primary.Port, 0), new RouterBackend(_standby.Host, _standby.Port, 1)],
        _primary.Username, _primary.Password, settings);

    private static async Task<IReadOnlyDictionary<string, string>> NodeAsync(PgEndpoint client, int node)
    {
        var lines = (await Psql.RunAsync(client, ["-X", "-A", "-F", "|", "-P", "footer=off", "-c", "show pool_nodes"])).EnsureSuccess()
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split('|');
        return header.Zip(lines.Skip(1).Select(l => l.Split('|')).Single(r => r[0] == $"{node}")).ToDictionary(p => p.First, p => p.Second);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what) => await RouterCluster.WaitForAsync(condition, what, 30);

    [Fact]
    public async Task StandbyStops_ReadsGoToPrimary_AndReturnWhenItIsBack()
    {
        await using var router = await StartRouterAsync();
        var client = router.Endpoint(_primary.Username, _primary.Password, _primary.AdminDatabase);
        Assert.Equal("standby", await Psql.QueryAsync(client, "SELECT name FROM test"));

        await _standby.StopAsync();
        // A read in flight on the dead standby, outside a transaction, runs on the primary instead.
        Assert.Equal("primary", await Psql.QueryAsync(client, "SELECT name FROM test"));
        await WaitForAsync(async () => (await NodeAsync(client, 1))["status"] == "down", "node 1 marked down");
        Assert.Equal("primary", await Psql.QueryAsync(client, "SELECT name FROM test"));
        Assert.Equal("up", (await NodeAsync(client, 0))["status"]);

        await _standby.StartAsync();
        await WaitForAsync(async () => (await NodeAsync(client, 1))["status"] == "up", "node 1 back up (auto failback)");
        Assert.Equal("standby", await Psql.QueryAsync(client, "SELECT name FROM test"));
    }

    [Fact]
    public async Task DetachAndAttach_ByAdminCommand_MoveReads()
    {
        await using var router = await StartRouterAsync();
        var client = router.Endpoint(_primary.Username, _primary.Password, _primary.AdminDatabase);

        await Psql.QueryAsync(client, "PGPOOL DETACH NODE 1");
        Assert.Equal("down", (await NodeAsync(client, 1))["status"]);
        Assert.Equal("primary", await Psql.QueryAsync(client, "SELECT name FROM test"));
        // A detached node stays down although it answers health checks.
        await Task.Delay(1500);
        Assert.Equal("down", (await NodeAsync(client, 1))["status"]);

        await Psql.QueryAsync(client, "PGPOOL ATTACH NODE 1");
        Assert.Equal("up", (await NodeAsync(client, 1))["status"]);
        Assert.Equal("standby", await Psql.QueryAsync(client, "SELECT name FROM test"));
    }

    [Fact]
    public async Task PrimaryDown_WritesGetConnectionError_ReadsKeepGoing()
    {
        await using var router = await StartRouterAsync();
        var client = router.Endpoint(_primary.Username, _primary.Password, _primary.AdminDatabase);
        await _primary.StopAsync();
        try
        {
            await WaitForAsync(async () => (await NodeAsync(client, 0))["status"] == "down", "node 0 marked down");
            Assert.Equal("standby", await Psql.QueryAsync(client, "SELECT name FROM test"));

            await using var connection = new NpgsqlConnection(client.ConnectionString);
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO test VALUES (2, 'lost')", connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
            Assert.Equal("08006", error.SqlState);
            await using var read = new NpgsqlCommand("SELECT name FROM test", connection);
            Assert.Equal("standby", await read.ExecuteScalarAsync());
        }
        finally
        {
            await _primary.StartAsync();
        }
    }

    [Fact]
    public async Task DelayThreshold_StandbyBehind_ReadsGoToPrimaryUnlessLowerDelayPreferred()
    {
        // A plain server is not in recovery: its replay position is unknown, so it counts as far behind.
        await using (var router = await StartRouterAsync(new Dictionary<string, string?> { ["DelayThreshold"] = "1" }))
        {
            var client = router.Endpoint(_primary.Username, _primary.Password, _primary.AdminDatabase);
            await WaitForAsync(async () => (await NodeAsync(client, 1))["replication_delay"] != "0", "a replication delay measured");
            Assert.Equal("primary", await Psql.QueryAsync(client, "SELECT name FROM test"));
        }

        await using (var router = await StartRouterAsync(new Dictionary<string, string?>
                     {
                         ["DelayThreshold"] = "1",
                         ["PreferLowerDelayStandby"] = "true",
                     }))
        {
            var client = router.Endpoint(_primary.Username, _primary.Password, _primary.AdminDatabase);
            await WaitForAsync(async () => (await NodeAsync(client, 1))["replication_delay"] != "0", "a replication delay measured");
            Assert.Equal("standby", await Psql.QueryAsync(client, "SELECT name FROM test"));
        }
    }

    [Fact]
    public async Task TooManyClients_OneMore_Gets53300()
    {
        await using var router = await StartRouterAsync(new Dictionary<string, string?> { ["NumInitChildren"] = "2" });
        var client = router.Endpoint(_primary.Username, _primary.Password, _primary.AdminDatabase);
        await using var first = new NpgsqlConnection(client.ConnectionString);
        await using var second = new NpgsqlConnection(client.ConnectionString);
        await first.OpenAsync();
        await second.OpenAsync();

        await using var third = new NpgsqlConnection(client.ConnectionString);
        var error = await Assert.ThrowsAsync<PostgresException>(() => third.OpenAsync());
        Assert.Equal("53300", error.SqlState);
    }
}
