using System.Net.Sockets;
using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.AnalyticNode.Configuration;
using HtapRouter.AnalyticNode.Engine;
using HtapRouter.AnalyticNode.Sessions;
using HtapRouter.AnalyticNode.Sql;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Server;
using Microsoft.Extensions.Logging;

namespace HtapRouter.AnalyticNode.Hosting;

/// <summary>
/// Takes one accepted socket through startup (TLS, authentication, settings from the startup packet) and runs
/// its session. Cancel requests are routed to the session they name.
/// </summary>
internal sealed partial class NodeConnectionHandler
{
    private readonly AnalyticNodeOptions _options;
    private readonly PgServerOptions _serverOptions;
    private readonly PgAuthenticator _authenticator;
    private readonly DuckDbDatabase _database;
    private readonly IStatementPlanner _planner;
    private readonly IReadOnlyDictionary<string, SettingDefinition> _settings;
    private readonly BackendKeyRegistry _keys = new();
    private readonly ILogger _logger;
    private int _sessions;

    public NodeConnectionHandler(AnalyticNodeOptions options, PgServerOptions serverOptions, PgAuthenticator authenticator,
        DuckDbDatabase database, IStatementPlanner planner, ILogger logger)
    {
        _options = options;
        _serverOptions = serverOptions;
        _authenticator = authenticator;
        _database = database;
        _planner = planner;
        _settings = NodeSettings.Create(options.ServerVersion, options.TimeZone);
        _logger = logger;
    }

    public int ActiveSessions => Volatile.Read(ref _sessions);

    /// <param name="socket">The accepted connection.</param>
    /// <param name="draining">Cancelled when the node starts shutting down: the session ends as soon as no statement of its runs.</param>
    /// <param name="cancellationToken">Cancelled when the shutdown's time is up: a running statement is ended too.</param>
    public async Task HandleAsync(Socket socket, CancellationToken draining, CancellationToken cancellationToken)
    {
        await using var connection = new PgServerConnection(new NetworkStream(socket, ownsSocket: false), _serverOptions, _authenticator);
        var handshake = await connection.HandshakeAsync(cancellationToken);
        if (handshake.Outcome == PgHandshakeOutcome.CancelRequested)
        {
            _keys.TryCancel(handshake.Packet!.ProcessId, handshake.Packet.SecretKey);
            return;
        }

        if (handshake.Outcome != PgHandshakeOutcome.Authenticated)
        {
            return;
        }

        if (Interlocked.Increment(ref _sessions) > _options.MaxConnections)
        {
            Interlocked.Decrement(ref _sessions);
            LogTooManyConnections(_options.MaxConnections);
            await connection.TrySendFatalAsync(PgError.Fatal(SqlState.TooManyConnections, "sorry, too many clients already"), cancellationToken);
            return;
        }

        try
        {
            await RunSessionAsync(connection, draining, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _sessions);
        }
    }

    private async Task RunSessionAsync(PgServerConnection connection, CancellationToken draining, CancellationToken cancellationToken)
    {
        SessionSettings settings;
        try
        {
            settings = new SessionSettings(_settings, connection.User, StartupSettings.From(connection.Startup!))
            {
                Database = connection.Database,
            };
        }
        catch (PgErrorException e)
        {
            await connection.TrySendFatalAsync(e.Error with { Severity = PgSeverity.Fatal }, cancellationToken);
            return;
        }

        var duck = _database.OpenSession();
        try
        {
            PgCatalogInstaller.BindSession(duck, connection.Database, connection.User);
        }
        catch
        {
            duck.Dispose();
            throw;
        }

        using var session = new NodeSession(connection, duck, _planner, settings, _logger);
        using var key = _keys.Register(session.Cancel);
        using var terminate = cancellationToken.Register(static state => ((NodeSession)state!).Terminate(), session);
        settings.ProcessId = key.ProcessId;
        var applicationName = settings.Get("application_name") ?? string.Empty;
        LogSessionStarted(key.ProcessId, connection.User, connection.Database, applicationName);
        try
        {
            await connection.CompleteStartupAsync(settings.Reported, key.ProcessId, key.SecretKey, cancellationToken);
            await session.RunAsync(draining, cancellationToken);
        }
        catch (PgProtocolException e)
        {
            LogProtocolViolation(key.ProcessId, e.Message);
            await connection.TrySendFatalAsync(PgError.Fatal(e.SqlState, e.Message), cancellationToken);
        }
        catch (OperationCanceledException) when (draining.IsCancellationRequested)
        {
            await connection.TrySendFatalAsync(
                PgError.Fatal(SqlState.AdminShutdown, "terminating connection due to administrator command"), CancellationToken.None);
        }
        catch (IOException)
        {
            // The client went away; nothing to tell it.
        }
        finally
        {
            LogSessionEnded(key.ProcessId);
        }
    }

    [LoggerMessage(EventId = NodeEventIds.SessionStarted, Level = LogLevel.Debug,
        Message = "Session {ProcessId} started: user={User} database={Database} application_name={ApplicationName}")]
    private partial void LogSessionStarted(int processId, string user, string database, string applicationName);

    [LoggerMessage(EventId = NodeEventIds.SessionEnded, Level = LogLevel.Debug, Message = "Session {ProcessId} ended")]
    private partial void LogSessionEnded(int processId);

    [LoggerMessage(EventId = NodeEventIds.ProtocolViolation, Level = LogLevel.Warning,
        Message = "Session {ProcessId} closed for a protocol violation: {Reason}")]
    private partial void LogProtocolViolation(int processId, string reason);

    [LoggerMessage(EventId = NodeEventIds.TooManyConnections, Level = LogLevel.Warning,
        Message = "Refused a session: {MaxConnections} sessions already")]
    private partial void LogTooManyConnections(int maxConnections);
}
