using System.Net;
using System.Net.Sockets;
using DuckDB.NET.Data;
using HtapRouter.AnalyticNode.Hosting;
using HtapRouter.Replicator;
using HtapRouter.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HtapRouter.EndToEnd.Tests.Pgpool;

/// <summary>
/// The analytic node, in process, over a real DuckDB file in a temporary directory, listening on a free loopback
/// port with one password user: what pgpool sees as a hot standby. Uses only the node's public hosting API, the
/// way the node's own Program does.
/// </summary>
internal sealed class AnalyticStandby : IAsyncDisposable
{
    private const int PortAttempts = 3;

    private readonly IHost _host;

    private AnalyticStandby(IHost host, string directory, int port)
    {
        _host = host;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>What the node reports as pg_last_wal_replay_lsn(); the replicator moves it, a test may too.</summary>
    public ReplicationProgress Progress => _host.Services.GetRequiredService<ReplicationProgress>();

    /// <summary>
    /// Starts a node over a new DuckDB file prepared by <paramref name="setupSql"/> (none when the node replicates),
    /// accepting <paramref name="user"/> with <paramref name="password"/> (SCRAM); <paramref name="primary"/> is the
    /// primary to replicate from (Replicator:Primary); <paramref name="settings"/> are further settings by full name ("Node:HttpPort").
    /// </summary>
    public static async Task<AnalyticStandby> StartAsync(string? setupSql, string user, string password, string? primary = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"htap-standby-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var dataPath = Path.Combine(directory, "analytic.duckdb");
        if (setupSql is not null)
        {
            await using var duck = new DuckDBConnection($"Data Source={dataPath}");
            await duck.OpenAsync();
            await using var command = duck.CreateCommand();
            command.CommandText = setupSql;
            await command.ExecuteNonQueryAsync();
        }


        for (var attempt = 1; ; attempt++)
        {
            // pgpool.conf needs the port before pgpool starts, and the node's own listener is not public: so a port
            // that was free a moment ago, and another one if something took it in between.
            var port = FreeLoopbackPort();
            var host = Build(dataPath, port, user, password, primary, settings);
            try
            {
                await host.StartAsync();
                return new AnalyticStandby(host, directory, port);
            }
            catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < PortAttempts)
            {
                host.Dispose();
            }
        }
    }

    public PgEndpoint Endpoint(string user, string password, string database) => new("127.0.0.1", Port, user, password, database);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary directory behind.
        }
    }

    private static IHost Build(string dataPath, int port, string user, string password, string? primary,
        IReadOnlyDictionary<string, string?>? settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["Node:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Node:DataPath"] = dataPath,
            ["Node:DuckDbThreads"] = "1",
            [$"Node:Users:{user}"] = password,
            ["Replicator:Primary"] = primary,
            ["Replicator:Slot"] = $"pgpool_{Guid.NewGuid():N}",
            ["Replicator:StatusInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddLogging();
        builder.Services.AddAnalyticNode(builder.Configuration);
        return builder.Build();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
