using HtapRouter.EndToEnd.Tests.Pgpool;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;
using Npgsql;

namespace HtapRouter.EndToEnd.Tests.Router;

/// <summary>
/// Seed 000's walkthrough with the router in pgpool's place: a primary (node 0, weight 0) and an analytic node
/// replicating from it (node 1, weight 1), psql through the router.
/// </summary>
public sealed class RouterWalkthroughTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Walkthrough_ThroughRouter_GivesSeedAnswers()
    {
        var primary = fixture.Server;
        var database = await primary.CreateDatabaseAsync();
        await primary.ExecuteAsync("CREATE TABLE test (id integer PRIMARY KEY, name text); INSERT INTO test VALUES (1, 'test')", database);
        await using var standby = await AnalyticStandby.StartAsync(null, primary.Username, primary.Password, primary.ConnectionString(database));
        await using var router = await RouterHost.StartAsync(
            [new RouterBackend(primary.Host, primary.Port, 0), new RouterBackend("127.0.0.1", standby.Port, 1)],
            primary.Username, primary.Password);
        var client = router.Endpoint(primary.Username, primary.Password, database);
        var direct = standby.Endpoint(primary.Username, primary.Password, database);
        await WaitForAsync(async () => (await Psql.QueryAsync(direct, "SELECT count(*) FROM test")).Trim() == "1", "the row on the node");

        var relations = await Psql.QueryAsync(client, @"\d");
        Assert.Contains("test", relations, StringComparison.Ordinal);

        // The router learns what the node holds on each replication check: until then, reads of test go to the primary.
        await WaitForAsync(async () =>
        {
            var count = await SelectCountAsync(client, 1);
            await Psql.QueryAsync(client, "select * from test");
            return await SelectCountAsync(client, 1) > count;
        }, "reads of test routed to the analytic node");

        var before = await SelectCountAsync(client, 1);
        var rows = await Psql.QueryAsync(client, "select * from test");
        Assert.Equal("1|test", rows.Trim());
        Assert.Equal(before + 1, await SelectCountAsync(client, 1));

        // The insert goes to the primary; the next select sees it wherever it runs (read-your-writes).
        var both = await Psql.QueryAsync(client, "insert into test values (2, 'test again'); select * from test order by id");
        Assert.Contains("2|test again", both, StringComparison.Ordinal);
        await using (var session = new NpgsqlConnection(client.ConnectionString))
        {
            await session.OpenAsync();
            await using (var insert = new NpgsqlCommand("insert into test values (3, 'three')", session))
            {
                await insert.ExecuteNonQueryAsync();
            }
            await using var select = new NpgsqlCommand("select count(*) from test", session);
            Assert.Equal(3L, await select.ExecuteScalarAsync());
        }

        var nodes = await Psql.QueryAsync(client, "show pool_nodes");
        var header = (await Psql.RunAsync(client, ["-X", "-A", "-F", "|", "-c", "show pool_nodes"])).StandardOutput.Split('\n')[0];
        Assert.Equal(
            "node_id|hostname|port|status|pg_status|lb_weight|role|pg_role|select_cnt|load_balance_node|replication_delay|replication_state|replication_sync_state|last_status_change",
            header);
        Assert.Contains("|standby|", nodes, StringComparison.Ordinal);

        await WaitForAsync(async () => await ReplicationDelayAsync(client, 1) == "0", "replication_delay back to 0");
    }

    private static async Task<long> SelectCountAsync(PgEndpoint client, int node)
    {
        var rows = (await Psql.QueryAsync(client, "show pool_nodes")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(rows.Single(r => r.StartsWith($"{node}|", StringComparison.Ordinal)).Split('|')[8], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> ReplicationDelayAsync(PgEndpoint client, int node)
    {
        var rows = (await Psql.QueryAsync(client, "show pool_nodes")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return rows.Single(r => r.StartsWith($"{node}|", StringComparison.Ordinal)).Split('|')[10];
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await Holds(condition))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 60 s for {what}.");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>A condition that cannot be checked yet (the table is not there yet) does not hold yet.</summary>
    private static async Task<bool> Holds(Func<Task<bool>> condition)
    {
        try
        {
            return await condition();
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
