using System.Net.Security;
using System.Security.Authentication;
using HtapRouter.PgWire.Auth;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Transport;

namespace HtapRouter.PgWire.Server;

/// <summary>
/// The server side of one client connection: the startup phase (SSL/GSS negotiation, CancelRequest, protocol
/// version, authentication) and then framed message I/O through <see cref="Transport"/>. It never lets an
/// exception out of the startup phase for a misbehaving client: the client gets an ErrorResponse and the
/// result says <see cref="PgHandshakeOutcome.Closed"/>.
/// </summary>
public sealed partial class PgServerConnection : IAsyncDisposable
{
    private readonly PgServerOptions _options;
    private readonly PgAuthenticator _authenticator;

    public PgServerConnection(Stream stream, PgServerOptions options, PgAuthenticator authenticator)
    {
        _options = options;
        _authenticator = authenticator;
        Transport = new PgTransport(stream, PgMessageSource.Frontend, options.MaxMessageLength);
    }

    public PgTransport Transport { get; }

    public bool IsTls { get; private set; }

    /// <summary>The StartupMessage, once received.</summary>
    public StartupPacket? Startup { get; private set; }

    /// <summary>The authenticated user, from the startup packet.</summary>
    public string User => Startup?["user"] ?? string.Empty;

    /// <summary>The database asked for; PostgreSQL defaults it to the user name.</summary>
    public string Database => Startup?["database"] is { Length: > 0 } database ? database : User;

    public async Task<PgHandshakeResult> HandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AuthenticationTimeout);
        try
        {
            return await HandshakeCoreAsync(timeout.Token);
        }
        catch (PgProtocolException e)
        {
            await TrySendFatalAsync(PgError.Fatal(e.SqlState, e.Message), cancellationToken);
            return PgHandshakeResult.Closed;
        }
        catch (PgErrorException e)
        {
            await TrySendFatalAsync(e.Error with { Severity = PgSeverity.Fatal }, cancellationToken);
            return PgHandshakeResult.Closed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // PostgreSQL closes a connection that does not authenticate in time without a word.
            return PgHandshakeResult.Closed;
        }
        catch (Exception e) when (e is IOException or AuthenticationException or ObjectDisposedException)
        {
            return PgHandshakeResult.Closed;
        }
    }

    private async Task<PgHandshakeResult> HandshakeCoreAsync(CancellationToken cancellationToken)
    {
        var encryptionNegotiated = false;
        while (true)
        {
            var packet = await Transport.ReadStartupPacketAsync(cancellationToken);
            switch (packet?.Kind)
            {
                case null:
                    return PgHandshakeResult.Closed;
                case StartupPacketKind.CancelRequest:
                    return new PgHandshakeResult(PgHandshakeOutcome.CancelRequested, packet);
                case StartupPacketKind.SslRequest or StartupPacketKind.GssEncRequest when encryptionNegotiated:
                    throw new PgProtocolException("duplicate SSL or GSS encryption request");
                case StartupPacketKind.SslRequest:
                    encryptionNegotiated = true;
                    await AnswerSslRequestAsync(cancellationToken);
                    continue;
                case StartupPacketKind.GssEncRequest:
                    encryptionNegotiated = true;
                    await WriteRawByteAsync((byte)'N', cancellationToken);
                    continue;
                case StartupPacketKind.Startup:
                    Startup = packet;
                    return await StartSessionAsync(packet, cancellationToken);
            }
        }
    }

    private async Task AnswerSslRequestAsync(CancellationToken cancellationToken)
    {
        if (_options.Certificate is not { } certificate)
        {
            await WriteRawByteAsync((byte)'N', cancellationToken);
            return;
        }

        await WriteRawByteAsync((byte)'S', cancellationToken);
        await Transport.UpgradeAsync(async (stream, ct) =>
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificate = certificate, ClientCertificateRequired = false }, ct);
            return tls;
        }, cancellationToken);
        IsTls = true;
    }

    private async Task<PgHandshakeResult> StartSessionAsync(StartupPacket packet, CancellationToken cancellationToken)
    {
        if (_options.RequireTls && !IsTls)
        {
            throw new PgErrorException(SqlState.InvalidAuthorizationSpecification,
                $"no encryption: the server accepts only TLS connections (user \"{packet["user"]}\")");
        }

        await NegotiateMinorVersionAsync(packet, cancellationToken);
        if (string.IsNullOrEmpty(packet["user"]))
        {
            throw new PgErrorException(SqlState.InvalidAuthorizationSpecification,
                "no PostgreSQL user name specified in startup packet");
        }

        if (!await _authenticator.AuthenticateAsync(this, User, cancellationToken))
        {
            return PgHandshakeResult.Closed;
        }

        AuthenticationMessage.WriteOk(Transport.Output);
        return new PgHandshakeResult(PgHandshakeOutcome.Authenticated, packet);
    }

    /// <summary>
    /// A client asking for 3.x with x &gt; 0 or sending "_pq_." options is told what this server speaks,
    /// as PostgreSQL does, and the session goes on in 3.0.
    /// </summary>
    private async Task NegotiateMinorVersionAsync(StartupPacket packet, CancellationToken cancellationToken)
    {
        var message = new NegotiateProtocolVersionMessage { NewestMinorVersion = 0 };
        foreach (var (name, _) in packet.Parameters)
        {
            if (name.StartsWith("_pq_.", StringComparison.Ordinal))
            {
                message.UnrecognizedOptions.Add(name);
            }
        }

        if (packet.MinorVersion > 0 || message.UnrecognizedOptions.Count > 0)
        {
            message.Write(Transport.Output);
            await Transport.FlushAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Ends the startup phase the way PostgreSQL does: ParameterStatus for each reported setting, BackendKeyData,
    /// then ReadyForQuery (idle).
    /// </summary>
    public async ValueTask CompleteStartupAsync(IEnumerable<KeyValuePair<string, string>> parameters, int processId,
        int secretKey, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in parameters)
        {
            ParameterStatusMessage.Write(Transport.Output, name, value);
        }

        new BackendKeyDataMessage { ProcessId = processId, SecretKey = secretKey }.Write(Transport.Output);
        ReadyForQueryMessage.Write(Transport.Output, TransactionStatus.Idle);
        await Transport.FlushAsync(cancellationToken);
    }

    /// <summary>Sends an ErrorResponse and flushes; for FATAL errors the caller closes the connection next.</summary>
    public async ValueTask SendErrorAsync(PgError error, CancellationToken cancellationToken)
    {
        ErrorResponseMessage.Write(Transport.Output, error);
        await Transport.FlushAsync(cancellationToken);
    }

    /// <summary>Best effort: the peer may already be gone, and then there is nobody to tell.</summary>
    public async ValueTask TrySendFatalAsync(PgError error, CancellationToken cancellationToken)
    {
        try
        {
            await SendErrorAsync(error, cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Nothing to do: the connection is closing anyway.
        }
    }

    private async ValueTask WriteRawByteAsync(byte value, CancellationToken cancellationToken)
    {
        Transport.Output.GetSpan(1)[0] = value;
        Transport.Output.Advance(1);
        await Transport.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => Transport.DisposeAsync();
}
