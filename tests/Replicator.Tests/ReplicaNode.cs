using HtapRouter.AnalyticNode.Hosting;
using HtapRouter.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Replicator.Tests;

/// <summary>
/// A whole analytic node with its replicator, in process, replicating a real primary into a DuckDB file in a
/// temp directory. Stopping and starting it again on the same file is a node restart.
/// </summary>
internal sealed class ReplicaNode : IAsyncDisposable
{
    private IHost? _host;

    private ReplicaNode(string directory, string primary, string slot)
    {
        Directory = directory;
        Primary = primary;
        Slot = slot;
    }

    public string Directory { get; }

    public string DataPath => Path.Combine(Directory, "analytic.duckdb");

    public string Primary { get; }

    public string Slot { get; }

    public int Port => _host!.Services.GetRequiredService<NodeServer>().LocalEndPoint!.Port;

    public ReplicationProgress Progress => _host!.Services.GetRequiredService<ReplicationProgress>();

    /// <summary>The node's warnings and errors since it was created, across restarts.</summary>
    public NodeLog Log { get; } = new();

    public PgEndpoint Endpoint(string database = "postgres") => new("127.0.0.1", Port, "postgres", "", database);

    /// <summary>A node replicating <paramref name="primary"/> through its own publication and slot.</summary>
    public static async Task<ReplicaNode> StartAsync(string primary, string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"htap-replica-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var node = new ReplicaNode(directory, primary, $"slot_{name}");
        await node.StartAsync(name);
        return node;
    }

    public async Task StartAsync(string name)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Node:Port"] = "0",
            ["Node:DataPath"] = DataPath,
            ["Node:DuckDbThreads"] = "2",
            ["Replicator:Primary"] = Primary,
            ["Replicator:Publication"] = $"pub_{name}",
            ["Replicator:Slot"] = Slot,
            ["Replicator:BatchMaxDelay"] = "00:00:00.050",
            ["Replicator:ReconnectDelay"] = "00:00:00.200",
            ["Replicator:StatusInterval"] = "00:00:00.200",
        });
        builder.Services.AddLogging(logging => logging.AddProvider(Log));
        builder.Services.AddAnalyticNode(builder.Configuration);
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_host is not null)
        {
            var replication = _host.Services.GetServices<IHostedService>().OfType<ReplicationWorker>().Single();
            await _host.StopAsync();
            _host.Dispose();
            _host = null;

            // Replication that outlived the stop still holds the DuckDB file: a restart on it would fail obscurely.
            if (replication.ExecuteTask is { IsCompleted: false })
            {
                throw new InvalidOperationException($"replication did not stop with the node:\n{Log.Tail()}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Only a temp directory left behind.
        }
    }
}
