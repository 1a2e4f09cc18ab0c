using System.Globalization;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.EndToEnd.Tests.Pgpool;

/// <summary>
/// Seed 000 with Debian's pgpool-II: in streaming_replication mode, with a real primary as backend 0 and the
/// analytic node as backend 1, pgpool takes the node for a healthy hot standby and load-balances SELECTs to it.
/// </summary>
public sealed class PgpoolStreamingReplicationTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const int Primary = HtapCluster.PrimaryNode;
    private const int Standby = HtapCluster.StandbyNode;

    [Fact]
    public async Task ShowPoolNodes_AnalyticNodeAsBackendOne_IsStandbyAndUp()
    {
        await using var cluster = await HtapCluster.StartAsync(fixture.Server);

        var nodes = await cluster.Pgpool.ShowPoolNodesAsync();

        Assert.Equal(2, nodes.Count);
        var (primary, standby) = (nodes[Primary], nodes[Standby]);
        Assert.Equal(("up", "up", "primary", "primary", 0.0), (primary.Status, primary.PgStatus, primary.Role, primary.PgRole, primary.Weight));
        Assert.Equal(("up", "up", "standby", "standby", 1.0), (standby.Status, standby.PgStatus, standby.Role, standby.PgRole, standby.Weight));
        Assert.Equal(cluster.Standby.Port, standby.Port);
        Assert.True(standby.LoadBalanceNode, $"SELECTs of a session should go to the node (weight 1), not the primary (weight 0): {standby}");
    }

    [Fact]
    public async Task HealthCheck_AnalyticNodeAsBackendOne_SucceedsEveryPeriod()
    {
        await using var cluster = await HtapCluster.StartAsync(fixture.Server);

        var stats = await cluster.WaitForHealthCheckStatsAsync(Standby, row => long.Parse(row["success_count"], CultureInfo.InvariantCulture) >= 3, "three successes");

        Assert.Equal("0", stats["fail_count"]);
        Assert.Equal("up", stats["status"]);
        Assert.Equal("up", (await cluster.NodeAsync(Standby)).Status);
    }

    [Fact]
    public async Task Select_LoadBalancedToAnalyticNode_ReturnsRowAndRaisesItsSelectCount()
    {
        await using var cluster = await HtapCluster.StartAsync(fixture.Server);
        var before = await cluster.Pgpool.ShowPoolNodesAsync();

        var rows = await Psql.QueryAsync(cluster.Client, "select * from test");
        var version = await Psql.QueryAsync(cluster.Client, "select version()");

        Assert.Equal("1|test", rows);
        Assert.Contains("analytic node", version, StringComparison.Ordinal);
        var after = await cluster.Pgpool.ShowPoolNodesAsync();
        Assert.Equal(before[Standby].SelectCount + 2, after[Standby].SelectCount);
        Assert.Equal(before[Primary].SelectCount, after[Primary].SelectCount);
    }

    [Fact]
    public async Task Insert_ThroughPgpool_RunsOnPrimaryOnly()
    {
        await using var cluster = await HtapCluster.StartAsync(fixture.Server);
        var before = await cluster.NodeAsync(Standby);

        var result = await Psql.RunAsync(cluster.Client, ["-X", "-v", "ON_ERROR_STOP=1", "-c", "insert into test values (2, 'test again')"]);

        Assert.True(result.Succeeded, result.Describe() + "\n" + cluster.LogTail());
        Assert.Equal("INSERT 0 1", result.StandardOutput.Trim());
        Assert.Equal("test again", await cluster.Primary.ScalarAsync<string>("SELECT name FROM test WHERE id = 2", cluster.Database));
        Assert.Equal("1", await Psql.QueryAsync(cluster.StandbyDirect, "select count(*) from test"));
        Assert.Equal(before.SelectCount, (await cluster.NodeAsync(Standby)).SelectCount);
    }

    [Fact]
    public async Task ReplicationDelay_NodeHasReplayedNothing_IsPrimaryWholeWalPosition()
    {
        await using var cluster = await HtapCluster.StartAsync(fixture.Server);

        // Before the replicator applies anything, pg_last_wal_replay_lsn() is NULL, which pgpool reads as position 0.
        var standby = await cluster.WaitForNodeAsync(Standby, node => node.ReplicationDelayBytes > 0, "a replication delay measured");
        var primaryPosition = PgpoolLsn.Parse(await cluster.Primary.ScalarAsync<string>("SELECT pg_current_wal_lsn()::text"));

        Assert.InRange((ulong)standby.ReplicationDelayBytes!.Value, 1UL, primaryPosition);
        Assert.Equal("0", (await cluster.NodeAsync(Primary)).ReplicationDelay);
    }

    [Fact]
    public async Task ReplicationDelay_NodeReportsPrimaryPosition_IsZero()
    {
        await using var cluster = await HtapCluster.StartAsync(fixture.Server);
        await cluster.WaitForNodeAsync(Standby, node => node.ReplicationDelayBytes > 0, "a replication delay measured");

        // What the replicator does on an idle primary: report the position the primary's WAL sender says it is at.
        var standby = await cluster.WaitForNodeAsync(
            Standby,
            node => node.ReplicationDelayBytes == 0,
            "replication_delay 0",
            beforeEachPoll: async () => cluster.Standby.Progress.Applied(
                await CurrentWalPositionAsync(cluster.Primary), DateTimeOffset.UtcNow));

        Assert.Equal(("up", "standby"), (standby.Status, standby.Role));
    }

    [Fact]
    public async Task ReplicationDelay_ReplicatorFeedsNode_ReturnsToZeroWhenPrimaryIdle()
    {
        await using var cluster = await HtapCluster.StartAsync(fixture.Server, replicate: true);
        var before = await cluster.NodeAsync(Standby);

        await Psql.QueryAsync(cluster.Client, "insert into test values (2, 'test again')");

        // The row reaches the node first; a replication_delay of 0 read before that would be from an older sr_check.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await Psql.QueryAsync(cluster.StandbyDirect, "select count(*) from test") != "2" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await cluster.WaitForNodeAsync(Standby, node => node.ReplicationDelayBytes == 0, "replication_delay 0 with the primary idle");
        Assert.Equal("1|test\n2|test again", await Psql.QueryAsync(cluster.Client, "select * from test order by id"));
        var after = await cluster.NodeAsync(Standby);
        Assert.Equal(before.SelectCount + 1, after.SelectCount);
        Assert.Equal(("up", "standby"), (after.Status, after.Role));
    }

    private static async Task<ulong> CurrentWalPositionAsync(PostgresServer primary)
    {
        var lsn = await primary.ScalarAsync<string>("SELECT pg_current_wal_lsn()::text");
        var slash = lsn.IndexOf('/', StringComparison.Ordinal);
        return (Convert.ToUInt64(lsn[..slash], 16) << 32) | Convert.ToUInt64(lsn[(slash + 1)..], 16);
    }
}
