using System.Net;
using System.Net.Sockets;
using HtapRouter.PgWire.Auth;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Server;
using HtapRouter.PgWire.Transport;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Monitoring;
using HtapRouter.Router.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HtapRouter.Router.Hosting;

/// <summary>
/// Listens for clients and runs a <see cref="RouterSession"/> for each. Startup is pgpool's: authenticate the
/// client against the router's users (or trust it when none are configured), log in to the backends as that user,
/// and tell the client the primary's settings with a process id and key of the router's own, so a CancelRequest
/// reaches whichever backend runs the session's statement.
/// </summary>
internal sealed partial class RouterServer : IHostedService, IAsyncDisposable
{
    private readonly RouterOptions _options;
    private readonly RouterServices _services;
    private readonly ILogger<RouterServer> _logger;
    private readonly BackendKeyRegistry _keys = new();
    private readonly NodeCatalogs _catalogs;
    private PgServerOptions _serverOptions = new();
    private PgAuthenticator _authenticator = PgAuthenticator.Trust;
    private PgListener? _listener;

    public RouterServer(IOptions<RouterOptions> options, BackendCluster cluster, BackendPool pool, IQueryClassifier classifier,
        NodeCatalogs catalogs, NodeMonitor monitor, RouterMetrics metrics, ILogger<RouterServer> logger)
    {
        _catalogs = catalogs;
        _options = options.Value;
        _logger = logger;
        _services = new RouterServices(_options, cluster, pool, classifier, catalogs, new RedirectPreferences(_options, cluster),
            monitor, metrics, logger);
    }

    /// <summary>Where the router listens once started (port 0 picks a free one).</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint;

    internal RouterServices Services => _services;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // What the nodes hold decides where reads may go: learn it before the first client, within a few seconds.
        using (var first = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            first.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await _catalogs.RefreshAsync(first.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The monitor's next check loads what did not answer in time.
            }
        }

        _authenticator = CreateAuthenticator();
        _serverOptions = new PgServerOptions { Certificate = PgServerSettings.LoadCertificate(_options.CertificatePath, _options.CertificateKeyPath) };
        _listener = new PgListener(new IPEndPoint(PgServerSettings.ParseListenAddress(_options.ListenAddresses is { Length: > 0 } address ? address : "localhost"), _options.Port), HandleAsync, _logger);
        _listener.Start();
        LogListening(_listener.LocalEndPoint, string.Join(", ", _services.Cluster.Nodes.Select(n => $"{n.Id}={n.Host}:{n.Port}/{n.Role}/w{n.Options.Weight}")));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
        {
            // Idle clients are let go now; a client whose statement runs goes when it finishes, or when the time is up.
            await _listener.StopAsync(_options.ShutdownTimeout);
        }
        await _services.Pool.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }
        await _services.Pool.DisposeAsync();
    }

    private async Task HandleAsync(Socket socket, CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        await using var client = new PgServerConnection(EventLoopSocketStream.Create(socket, ownsSocket: false), _serverOptions, _authenticator);
        var handshake = await client.HandshakeAsync(cancellationToken);
        if (handshake.Outcome == PgHandshakeOutcome.CancelRequested)
        {
            _keys.TryCancel(handshake.Packet!.ProcessId, handshake.Packet.SecretKey);
            return;
        }
        if (handshake.Outcome != PgHandshakeOutcome.Authenticated)
        {
            return;
        }

        if (!_services.Metrics.TryEnterClient(_options.NumInitChildren))
        {
            LogTooManyClients(_options.NumInitChildren);
            await client.TrySendFatalAsync(PgError.Fatal(SqlState.TooManyConnections, "sorry, too many clients already"), cancellationToken);
            return;
        }

        try
        {
            await RunSessionAsync(client, cancellationToken);
        }
        finally
        {
            _services.Metrics.ExitClient();
        }
    }

    private async Task RunSessionAsync(PgServerConnection client, CancellationToken cancellationToken)
    {
        // Cancelled when the stop begins, before cancellationToken: then the session ends once nothing of it is in flight.
        var draining = _listener!.Draining;
        var parameters = client.Startup!.Parameters
            .Where(p => p.Key is not ("user" or "database" or "replication"))
            .ToList();
        var identity = new SessionIdentity(client.User, client.Database, parameters);
        await using var session = new RouterSession(client, _services, identity);
        IReadOnlyDictionary<string, string> settings;
        try
        {
            settings = await session.StartAsync(cancellationToken);
        }
        catch (PgErrorException e)
        {
            await client.TrySendFatalAsync(e.Error with { Severity = PgSeverity.Fatal }, cancellationToken);
            return;
        }

        using var key = _keys.Register(session.Cancel);
        var info = new SessionInfo(key.ProcessId, identity.User, identity.Database,
            parameters.FirstOrDefault(p => p.Key == "application_name").Value ?? string.Empty, DateTimeOffset.Now)
        {
            Session = session,
        };
        _services.Sessions[key.ProcessId] = info;
        try
        {
            await client.CompleteStartupAsync(settings, key.ProcessId, key.SecretKey, cancellationToken);
            await session.RunAsync(draining, cancellationToken);
        }
        catch (PgProtocolException e)
        {
            LogProtocolViolation(key.ProcessId, e.Message);
            await client.TrySendFatalAsync(PgError.Fatal(e.SqlState, e.Message), cancellationToken);
        }
        catch (OperationCanceledException) when (draining.IsCancellationRequested)
        {
            await client.TrySendFatalAsync(
                PgError.Fatal(SqlState.AdminShutdown, "terminating connection due to administrator command"), CancellationToken.None);
        }
        catch (IOException)
        {
            // The client went away.
        }
        finally
        {
            _services.Sessions.TryRemove(key.ProcessId, out _);
        }
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
            throw new OptionsValidationException(RouterOptions.Section, typeof(RouterOptions),
                [$"Router:AuthMethod '{_options.AuthMethod}' is not one of {PgServerSettings.AuthMethodNames}"]);
        }
        return PgServerSettings.CreateAuthenticator(method, _options.Users);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Router listening on {EndPoint}; backends {Backends}")]
    private partial void LogListening(IPEndPoint endPoint, string backends);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "No users are configured: every client is trusted and its user name passed to the backends. Configure Router:Users to require passwords.")]
    private partial void LogTrustingEveryone();

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Refused a client: {Limit} clients already (num_init_children)")]
    private partial void LogTooManyClients(int limit);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Session {ProcessId} closed for a protocol violation: {Reason}")]
    private partial void LogProtocolViolation(int processId, string reason);
}
