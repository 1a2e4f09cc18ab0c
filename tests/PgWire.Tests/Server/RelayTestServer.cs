using System.Net;
using System.Net.Sockets;
using HtapRouter.PgWire.Client;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace HtapRouter.PgWire.Tests.Server;

/// <summary>
/// The minimal PgWire test server: it authenticates clients itself (SCRAM-SHA-256, MD5, ...) with PgWire's
/// server side, opens a session on a real PostgreSQL with PgWire's client side, and relays the session.
/// Every message in both directions is decoded into its typed message and encoded again, so real clients
/// and a real server check our framing and every codec on the path.
/// </summary>
internal sealed class RelayTestServer : IAsyncDisposable
{
    private readonly PgServerOptions _options;
    private readonly PgAuthenticator _authenticator;
    private readonly PgClientOptions _backend;
    private readonly BackendKeyRegistry _keys = new();
    private readonly PgListener _listener;
    private int _sessions;
    private int _tlsSessions;

    private RelayTestServer(PgServerOptions options, PgAuthenticator authenticator, PgClientOptions backend)
    {
        _options = options;
        _authenticator = authenticator;
        _backend = backend;
        _listener = new PgListener(new IPEndPoint(IPAddress.Loopback, 0), HandleAsync, NullLogger.Instance);
        _listener.Start();
    }

    public int Port => _listener.LocalEndPoint.Port;

    /// <summary>Sessions that completed startup.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    /// <summary>Sessions that completed startup over TLS.</summary>
    public int TlsSessions => Volatile.Read(ref _tlsSessions);

    public static RelayTestServer Start(PgServerOptions options, PgAuthenticator authenticator, PgClientOptions backend) =>
        new(options, authenticator, backend);

    private async Task HandleAsync(Socket socket, CancellationToken cancellationToken)
    {
        await using var client = new PgServerConnection(new NetworkStream(socket, ownsSocket: false), _options, _authenticator);
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

        PgClientConnection backend;
        try
        {
            backend = await PgClientConnection.ConnectAsync(
                _backend with { Database = client.Database, ApplicationName = client.Startup!["application_name"] },
                cancellationToken);
        }
        catch (PgErrorException e)
        {
            await client.TrySendFatalAsync(e.Error with { Severity = PgSeverity.Fatal }, cancellationToken);
            return;
        }

        await using (backend)
        {
            using var key = _keys.Register(() => _ = PgClientConnection.CancelAsync(
                _backend.Host, _backend.Port, backend.ProcessId, backend.SecretKey));
            await client.CompleteStartupAsync(backend.ServerParameters, key.ProcessId, key.SecretKey, cancellationToken);
            Interlocked.Increment(ref _sessions);
            if (client.IsTls)
            {
                Interlocked.Increment(ref _tlsSessions);
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var upstream = RelayFrontendAsync(client, backend, stop.Token);
            var downstream = RelayBackendAsync(backend, client, stop.Token);
            await Task.WhenAny(upstream, downstream);
            await stop.CancelAsync();
            await Task.WhenAll(Swallow(upstream), Swallow(downstream));
        }
    }

    private static async Task RelayFrontendAsync(PgServerConnection client, PgClientConnection backend, CancellationToken cancellationToken)
    {
        var messages = new FrontendMessages();
        try
        {
            while (await client.Transport.ReadAsync(cancellationToken) is { } message)
            {
                messages.Read(message).Write(backend.Transport.Output);
                await backend.Transport.FlushAsync(cancellationToken);
                if (message.Code == FrontendCode.Terminate)
                {
                    return;
                }
            }
        }
        catch (PgProtocolException e)
        {
            await client.TrySendFatalAsync(PgError.Fatal(e.SqlState, e.Message), cancellationToken);
        }
    }

    private static async Task RelayBackendAsync(PgClientConnection backend, PgServerConnection client, CancellationToken cancellationToken)
    {
        var messages = new BackendMessages();
        while (await backend.Transport.ReadAsync(cancellationToken) is { } message)
        {
            backend.Track(message);
            messages.Read(message).Write(client.Transport.Output);
            await client.Transport.FlushAsync(cancellationToken);
        }
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or PgErrorException)
        {
            // One side closed; the relay ends either way.
        }
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
