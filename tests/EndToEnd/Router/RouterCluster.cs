using HtapRouter.EndToEnd.Tests.Pgpool;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.EndToEnd.Tests.Router;

/// <summary>
/// A primary with pgbench's tables and seed 000's <c>test</c> table, an analytic node replicating them (node 1,
/// weight 1) and the router in front (node 0 weight 0), shared by a test class.
/// </summary>
public sealed class RouterCluster : IAsyncLifetime
{
    private PostgresServer? _primary;
    private AnalyticStandby? _standby;
    private RouterHost? _router;

    public PostgresServer Primary => _primary!;

    public string Database { get; private set; } = string.Empty;

    internal RouterHost Router => _router!;

    public PgEndpoint Client => Router.Endpoint(Primary.Username, Primary.Password, Database);

    public PgEndpoint PrimaryDirect => Primary.Endpoint(Database);

    public PgEndpoint StandbyDirect => _standby!.Endpoint(Primary.Username, Primary.Password, Database);

    public int StandbyPort => _standby!.Port;

    public async Task InitializeAsync()
    {
        _primary = await PostgresServer.AcquireAsync(new PostgresServerOptions());
        Database = await _primary.CreateDatabaseAsync();
        await Pgbench.InitializeAsync(_primary.Endpoint(Database));
        await _primary.ExecuteAsync("CREATE TABLE test (id integer PRIMARY KEY, name text); INSERT INTO test VALUES (1, 'test')", Database);
        _standby = await AnalyticStandby.StartAsync(null, _primary.Username, _primary.Password, _primary.ConnectionString(Database));
        _router = await RouterHost.StartAsync(
            [new RouterBackend(_primary.Host, _primary.Port, 0), new RouterBackend("127.0.0.1", _standby.Port, 1)],
            _primary.Username, _primary.Password);
        await WaitForAsync(async () => (await Psql.QueryAsync(StandbyDirect, "SELECT count(*) FROM pgbench_accounts")).Trim() == "100000",
            "pgbench_accounts copied to the analytic node");
        // The router learns what the node holds on each replication check; until then those reads go to the primary.
        await WaitForAsync(async () =>
        {
            var count = await SelectCountAsync(1);
            await Psql.QueryAsync(Client, "SELECT count(*) FROM pgbench_accounts, test");
            return await SelectCountAsync(1) > count;
        }, "reads of the copied tables routed to the analytic node");
    }

    public async Task DisposeAsync()
    {
        if (_router is not null)
        {
            await _router.DisposeAsync();
        }
        if (_standby is not null)
        {
            await _standby.DisposeAsync();
        }
        if (_primary is not null)
        {
            await _primary.DisposeAsync();
        }
    }

    /// <summary>One node's SHOW POOL_NODES row through the router, column name → value.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PoolNodeAsync(int node, string show = "show pool_nodes")
    {
        var lines = (await Psql.RunAsync(Client, ["-X", "-A", "-F", "|", "-P", "footer=off", "-c", show])).EnsureSuccess()
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split('|');
        var row = lines.Skip(1).Select(l => l.Split('|')).Single(r => r[0] == node.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return header.Zip(row).ToDictionary(p => p.First, p => p.Second);
    }

    public async Task<long> SelectCountAsync(int node) => long.Parse((await PoolNodeAsync(node))["select_cnt"], System.Globalization.CultureInfo.InvariantCulture);

    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await Holds(condition))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {seconds} s for {what}.");
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
