using DuckDB.NET.Data;
using HtapRouter.AnalyticNode.Hosting;
using HtapRouter.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Hosting;

/// <summary>
/// A real analytic node, in process, on a real DuckDB file in a temp directory, listening on a free loopback
/// port. Seed the file with <see cref="CreateAsync"/>'s setup SQL before the node opens it.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly List<NpgsqlDataSource> _sources = [];

    private NodeHost(IHost host, string directory, string dataPath)
    {
        _host = host;
        Directory = directory;
        DataPath = dataPath;
    }

    public string Directory { get; }

    public string DataPath { get; }

    public int Port => _host.Services.GetRequiredService<NodeServer>().LocalEndPoint!.Port;

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Starts a node over a new DuckDB file prepared by <paramref name="setupSql"/>; extra settings are "Node:*" keys,
    /// and <paramref name="services"/> may replace the node's services after they are added.
    /// </summary>
    public static async Task<NodeHost> CreateAsync(string? setupSql = null, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"htap-node-{Guid.NewGuid():N}");
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

        var configuration = new Dictionary<string, string?>
        {
            ["Node:Port"] = "0",
            ["Node:DataPath"] = dataPath,
            ["Node:DuckDbThreads"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging();
        builder.Services.AddAnalyticNode(builder.Configuration);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new NodeHost(host, directory, dataPath);
    }

    public PgEndpoint Endpoint(string user = "postgres", string password = "", string database = "postgres") =>
        new("127.0.0.1", Port, user, password, database);

    /// <summary>
    /// An Npgsql data source for this node; type loading is off unless asked, so a test of the protocol itself
    /// does not depend on the catalog queries Npgsql sends at connect time. Dispose it after use.
    /// </summary>
    public NpgsqlDataSource DataSource(bool typeLoading = false, string user = "postgres", string? password = null)
    {
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = user, Password = password, Database = "postgres", Pooling = false,
        }.ConnectionString);
        builder.ConfigureTypeLoading(loading => loading.EnableTypeLoading(typeLoading));
        return builder.Build();
    }

    /// <summary>Opens a connection (type loading off) that lives on its own; disposing it closes it.</summary>
    public async Task<NpgsqlConnection> OpenAsync(bool typeLoading = false)
    {
        var source = DataSource(typeLoading);
        _sources.Add(source);
        return await source.OpenConnectionAsync();
    }

    public async Task StopAsync() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }

        await _host.StopAsync();
        _host.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp directory behind.
        }
    }
}
