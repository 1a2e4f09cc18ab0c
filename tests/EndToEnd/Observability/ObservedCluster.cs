using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HtapRouter.EndToEnd.Tests.Pgpool;
using HtapRouter.EndToEnd.Tests.Router;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.EndToEnd.Tests.Observability;

/// <summary>
/// A primary with a small table, an analytic node replicating it (node 1, weight 1) and the router in front
/// (node 0 weight 0) with its HTTP endpoint on a free loopback port, shared by a test class.
/// </summary>
public sealed class ObservedCluster : IAsyncLifetime
{
    private PostgresServer? _primary;
    private AnalyticStandby? _standby;
    private RouterHost? _router;

    public string Database { get; private set; } = string.Empty;

    public int HttpPort { get; private set; }

    public int StandbyPort => _standby!.Port;

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    public PgEndpoint Client => _router!.Endpoint(_primary!.Username, _primary.Password, Database);

    public async Task InitializeAsync()
    {
        _primary = await PostgresServer.AcquireAsync(new PostgresServerOptions());
        Database = await _primary.CreateDatabaseAsync();
        await _primary.ExecuteAsync("CREATE TABLE items (id integer PRIMARY KEY, name text); INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g", Database);
        _standby = await AnalyticStandby.StartAsync(null, _primary.Username, _primary.Password, _primary.ConnectionString(Database));
        HttpPort = FreeLoopbackPort();
        _router = await RouterHost.StartAsync(
            [new RouterBackend(_primary.Host, _primary.Port, 0), new RouterBackend("127.0.0.1", _standby.Port, 1)],
            _primary.Username, _primary.Password,
            new Dictionary<string, string?> { ["HttpPort"] = HttpPort.ToString(CultureInfo.InvariantCulture) });
        await RouterCluster.WaitForAsync(
            async () => (await Psql.QueryAsync(_standby.Endpoint(_primary.Username, _primary.Password, Database), "SELECT count(*) FROM items")).Trim() == "100",
            "items copied to the analytic node");
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
    public async Task<IReadOnlyDictionary<string, string>> PoolNodeAsync(int node)
    {
        var lines = (await Psql.RunAsync(Client, ["-X", "-A", "-F", "|", "-P", "footer=off", "-c", "show pool_nodes"])).EnsureSuccess()
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split('|');
        var row = lines.Skip(1).Select(l => l.Split('|')).Single(r => r[0] == node.ToString(CultureInfo.InvariantCulture));
        return header.Zip(row).ToDictionary(p => p.First, p => p.Second);
    }

    internal static int FreeLoopbackPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
