using System.Net;
using System.Net.Sockets;
using DuckDB.NET.Data;
using HtapRouter.AnalyticNode.Hosting;
using HtapRouter.PgWire.Client;
using HtapRouter.Router.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HtapRouter.Router.Tests.Routing;

/// <summary>
/// <see cref="RelationCatalog.Sql"/> on a real analytic node over a real DuckDB file: the query must work there as on
/// PostgreSQL, with DuckDB's main schema showing as public.
/// </summary>
public sealed class CatalogAnalyticNodeTests : IAsyncLifetime
{
    private const string Schema = """
        CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER);
        CREATE SCHEMA app;
        CREATE TABLE app.orders (id INTEGER);
        CREATE VIEW app.big_orders AS SELECT * FROM app.orders;
        CREATE SEQUENCE ids;
        CREATE TABLE "MixedCase" (id INTEGER);
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"htap-router-catalog-{Guid.NewGuid():N}");
    private IHost? _node;
    private int _port;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var dataPath = Path.Combine(_directory, "analytic.duckdb");
        await using (var duck = new DuckDBConnection($"Data Source={dataPath}"))
        {
            await duck.OpenAsync();
            await using var command = duck.CreateCommand();
            command.CommandText = Schema;
            await command.ExecuteNonQueryAsync();
        }

        // The node's listener is internal, so it gets a port that was free a moment ago.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Node:Port"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Node:DataPath"] = dataPath,
            ["Node:DuckDbThreads"] = "1",
        });
        builder.Services.AddLogging();
        builder.Services.AddAnalyticNode(builder.Configuration);
        _node = builder.Build();
        await _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.StopAsync();
            _node.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RelationCatalog_RefreshFromAnalyticNode_KnowsItsRelations()
    {
        var catalog = new RelationCatalog();

        await using (var connection = await PgClientConnection.ConnectAsync(new PgClientOptions { Host = "127.0.0.1", Port = _port, User = "postgres" }))
        {
            await catalog.RefreshAsync(async (sql, ct) => (await connection.QueryAsync(sql, ct)).Rows, CancellationToken.None);
        }

        Assert.Equal(5, catalog.Count);
        Assert.True(catalog.HasAll(
        [
            new(null, "accounts"), new("public", "accounts"), new("app", "orders"), new("app", "big_orders"),
            new(null, "ids"), new(null, "MixedCase"), new(null, "pg_class"), new("information_schema", "tables"),
        ]));
        Assert.False(catalog.Contains(new RelationName(null, "mixedcase")));
        Assert.False(catalog.Contains(new RelationName(null, "orders")));
        Assert.Equal(RelationPersistence.Permanent, catalog.GetPersistence(new RelationName(null, "accounts")));
    }
}
