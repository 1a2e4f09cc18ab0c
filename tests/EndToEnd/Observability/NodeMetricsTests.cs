using System.Globalization;
using System.Net;
using Npgsql;
using HtapRouter.EndToEnd.Tests.Pgpool;
using HtapRouter.EndToEnd.Tests.Router;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.EndToEnd.Tests.Observability;

[Trait("Category", "Observability")]
public sealed class NodeMetricsTests
{
    [Fact]
    public async Task Metrics_AfterCopyAndStreamedChanges_ReportReplicationAndSessions()
    {
        await using var primary = await PostgresServer.AcquireAsync(new PostgresServerOptions());
        var database = await primary.CreateDatabaseAsync();
        await primary.ExecuteAsync("CREATE TABLE items (id integer PRIMARY KEY, name text); INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 250) g", database);
        var httpPort = ObservedCluster.FreeLoopbackPort();
        await using var node = await AnalyticStandby.StartAsync(null, primary.Username, primary.Password, primary.ConnectionString(database),
            new Dictionary<string, string?> { ["Node:HttpPort"] = httpPort.ToString(CultureInfo.InvariantCulture) });
        var direct = node.Endpoint(primary.Username, primary.Password, database);
        await RouterCluster.WaitForAsync(async () => (await Psql.QueryAsync(direct, "SELECT count(*) FROM items")).Trim() == "250", "items copied");

        await primary.ExecuteAsync("INSERT INTO items SELECT g, 'new ' || g FROM generate_series(1001, 1040) g", database);
        await RouterCluster.WaitForAsync(async () => (await Psql.QueryAsync(direct, "SELECT count(*) FROM items")).Trim() == "290", "inserts applied");

        await using var session = new NpgsqlConnection(direct.ConnectionString);
        await session.OpenAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") };
        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var metrics = new PrometheusSamples(text);

        Assert.Equal(node.Progress.AppliedLsn, (ulong)metrics.Value("htap_node_replication_applied_lsn"));
        Assert.True(metrics.Value("htap_node_replication_changes_applied_total") >= 40, text);
        Assert.True(metrics.Value("htap_node_replication_lag_bytes") >= 0, text);
        var sinceCommit = metrics.Value("htap_node_replication_seconds_since_last_commit");
        Assert.InRange(sinceCommit, 0, 120);
        Assert.Equal(1, metrics.Value("htap_node_sessions"));
        Assert.Equal(100, metrics.Value("htap_node_sessions_max"));
        Assert.Matches("""htap_node_sync_rows_copied\{table="[^"]*items[^"]*"\} 250\n""", text);
        Assert.Matches("""htap_node_sync_done\{table="[^"]*items[^"]*"\} 1\n""", text);
        Assert.True(metrics.Value("process_cpu_seconds_total") > 0, text);
        Assert.True(metrics.Value("dotnet_gc_allocated_bytes_total") > 0, text);
    }
}
