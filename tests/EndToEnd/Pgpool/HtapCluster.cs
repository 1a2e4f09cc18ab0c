using System.Diagnostics;
using System.Globalization;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Pgpool;
using HtapRouter.TestSupport.Postgres;
using Xunit.Sdk;

namespace HtapRouter.EndToEnd.Tests.Pgpool;

/// <summary>
/// Seed 000's deployment: pgpool-II in streaming-replication mode with a real PostgreSQL primary as backend 0
/// (weight 0) and the analytic node as backend 1 (weight 1), both holding table <c>test</c> with row (1, 'test').
/// Each cluster has its own database on the primary, its own node and its own pgpool.
/// </summary>
internal sealed class HtapCluster : IAsyncDisposable
{
    public const int PrimaryNode = 0;
    public const int StandbyNode = 1;

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private HtapCluster(PostgresServer primary, string database, AnalyticStandby standby, PgpoolServer pgpool)
    {
        Primary = primary;
        Database = database;
        Standby = standby;
        Pgpool = pgpool;
    }

    public PostgresServer Primary { get; }

    /// <summary>The database on the primary that clients of pgpool use.</summary>
    public string Database { get; }

    public AnalyticStandby Standby { get; }

    public PgpoolServer Pgpool { get; }

    /// <summary>A client of pgpool, logged in as the primary's superuser in <see cref="Database"/>.</summary>
    public PgEndpoint Client => Pgpool.Endpoint(Database);

    /// <summary>The node itself, bypassing pgpool.</summary>
    public PgEndpoint StandbyDirect => Standby.Endpoint(Primary.Username, Primary.Password, Database);

    /// <param name="primary">Backend 0.</param>
    /// <param name="replicate">Whether the node replicates from the primary's database (Replicator:Primary) or serves its file as it is.</param>
    public static async Task<HtapCluster> StartAsync(PostgresServer primary, bool replicate = false)
    {
        var database = await primary.CreateDatabaseAsync();
        await primary.ExecuteAsync("CREATE TABLE test (id integer PRIMARY KEY, name text); INSERT INTO test VALUES (1, 'test')", database);
        // A replicating node gets the table and its row from the primary; one that does not is given them.
        var standby = await AnalyticStandby.StartAsync(
            replicate ? null : "CREATE TABLE test (id INTEGER PRIMARY KEY, name VARCHAR); INSERT INTO test VALUES (1, 'test')",
            primary.Username,
            primary.Password,
            replicate ? primary.ConnectionString(database) : null);
        try
        {
            var pgpool = await PgpoolServer.StartAsync(new PgpoolOptions
            {
                Backends = [new PgpoolBackend(primary.Host, primary.Port) { Weight = 0 }, new PgpoolBackend("127.0.0.1", standby.Port) { Weight = 1 }],
                Username = primary.Username,
                Password = primary.Password,
            });
            return new HtapCluster(primary, database, standby, pgpool);
        }
        catch
        {
            await standby.DisposeAsync();
            throw;
        }
    }

    public async Task<PoolNode> NodeAsync(int nodeId) => (await Pgpool.ShowPoolNodesAsync()).Single(node => node.NodeId == nodeId);

    /// <summary>Polls SHOW POOL_NODES until <paramref name="condition"/> holds for the node; fails with its last row and pgpool's log.</summary>
    public async Task<PoolNode> WaitForNodeAsync(int nodeId, Func<PoolNode, bool> condition, string expectation, Func<Task>? beforeEachPoll = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (beforeEachPoll is not null)
            {
                await beforeEachPoll();
            }

            var node = await NodeAsync(nodeId);
            if (condition(node))
            {
                return node;
            }

            if (watch.Elapsed > WaitLimit)
            {
                throw new XunitException($"Node {nodeId} did not get {expectation} within {WaitLimit}. Last: {node}\n{LogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Polls SHOW POOL_HEALTH_CHECK_STATS until <paramref name="condition"/> holds for the node's row.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WaitForHealthCheckStatsAsync(
        int nodeId, Func<IReadOnlyDictionary<string, string>, bool> condition, string expectation)
    {
        var watch = Stopwatch.StartNew();
        var id = nodeId.ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            var row = (await Pgpool.ShowAsync("SHOW POOL_HEALTH_CHECK_STATS")).Single(stats => stats["node_id"] == id);
            if (condition(row))
            {
                return row;
            }

            if (watch.Elapsed > WaitLimit)
            {
                throw new XunitException(
                    $"Node {nodeId}'s health checks did not get {expectation} within {WaitLimit}. Last: " +
                    string.Join(", ", row.Select(pair => $"{pair.Key}={pair.Value}")) + $"\n{LogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>The last lines of pgpool's log, for failure messages.</summary>
    public string LogTail(int lines = 40) =>
        "--- pgpool log (tail) ---\n" + string.Join('\n', Pgpool.Log.Split('\n').TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        await Pgpool.DisposeAsync();
        await Standby.DisposeAsync();
    }
}
