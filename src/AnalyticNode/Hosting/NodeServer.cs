using System.Net;
using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.AnalyticNode.Configuration;
using HtapRouter.AnalyticNode.Engine;
using HtapRouter.AnalyticNode.Sql;
using HtapRouter.PgWire.Auth;
using HtapRouter.PgWire.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HtapRouter.AnalyticNode.Hosting;

/// <summary>
/// Opens the DuckDB file and serves it on the configured address. Stopping stops accepting, gives running
/// queries <see cref="AnalyticNodeOptions.ShutdownTimeout"/> to finish, cancels the rest and closes DuckDB.
/// </summary>
internal sealed partial class NodeServer : IHostedService, IAsyncDisposable
{
    private readonly AnalyticNodeOptions _options;
    private readonly IStatementPlanner _planner;
    private readonly PgCatalogInstaller _catalog;
    private readonly ILogger<NodeServer> _logger;
    private readonly ILoggerFactory _loggers;
    private DuckDbDatabase? _database;
    private PgListener? _listener;

    public NodeServer(IOptions<AnalyticNodeOptions> options, IStatementPlanner planner, PgCatalogInstaller catalog, ILoggerFactory loggers)
    {
        _options = options.Value;
        _planner = planner;
        _catalog = catalog;
        _loggers = loggers;
        _logger = loggers.CreateLogger<NodeServer>();
    }

    /// <summary>Where the node listens once started (port 0 in the options picks a free one).</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint;

    /// <summary>Client sessions open now.</summary>
    public int ActiveSessions => _listener?.ActiveConnections ?? 0;

    public DuckDbDatabase Database => _database ?? throw new InvalidOperationException("the node has not started");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _database = new DuckDbDatabase(
            new DuckDbOptions { Path = _options.DataPath, Threads = _options.DuckDbThreads, MemoryLimit = _options.DuckDbMemoryLimit },
            _loggers.CreateLogger<DuckDbDatabase>());
        _catalog.Install(_database);

        var authenticator = CreateAuthenticator();
        var serverOptions = new PgServerOptions { Certificate = PgServerSettings.LoadCertificate(_options.CertificatePath, _options.CertificateKeyPath) };
        var handler = new NodeConnectionHandler(_options, serverOptions, authenticator, _database, _planner, _logger);
        _listener = new PgListener(new IPEndPoint(PgServerSettings.ParseListenAddress(_options.ListenAddress), _options.Port),
            (socket, stopping) => handler.HandleAsync(socket, _listener!.Draining, stopping), _logger);
        _listener.Start();
        LogListening(_listener.LocalEndPoint, serverOptions.Certificate is not null);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
        {
            LogShuttingDown(_listener.ActiveConnections, _options.ShutdownTimeout);

            // Idle sessions end now; a session running a statement ends when it finishes, or when the time is up.
            await _listener.StopAsync(_options.ShutdownTimeout);
        }

        _database?.Dispose();
        _database = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        _database?.Dispose();
    }

    private PgAuthenticator CreateAuthenticator()
    {
        if (_options.Users.Count == 0)
        {
            LogTrustingEveryone();
            return PgAuthenticator.Trust;
        }
        if (!PgServerSettings.TryParseAuthMethod(_options.AuthMethod, out var method))
        {
            throw new OptionsValidationException(AnalyticNodeOptions.Section, typeof(AnalyticNodeOptions),
                [$"Node:AuthMethod '{_options.AuthMethod}' is not one of {PgServerSettings.AuthMethodNames}"]);
        }
        return PgServerSettings.CreateAuthenticator(method, _options.Users);
    }

    [LoggerMessage(EventId = NodeEventIds.Listening, Level = LogLevel.Information,
        Message = "Analytic node listening on {EndPoint} (TLS {Tls})")]
    private partial void LogListening(IPEndPoint endPoint, bool tls);

    [LoggerMessage(EventId = NodeEventIds.TrustingEveryone, Level = LogLevel.Warning,
        Message = "No users are configured: every client is trusted. Configure Node:Users to require passwords.")]
    private partial void LogTrustingEveryone();

    [LoggerMessage(EventId = NodeEventIds.ShuttingDown, Level = LogLevel.Information,
        Message = "Shutting down: {Sessions} sessions get up to {Timeout} to finish")]
    private partial void LogShuttingDown(int sessions, TimeSpan timeout);
}
