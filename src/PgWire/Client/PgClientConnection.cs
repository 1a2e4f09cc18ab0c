using System.Net.Security;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Transport;

namespace HtapRouter.PgWire.Client;

/// <summary>
/// The client side of the protocol, for talking to real PostgreSQL servers: connect, optionally TLS,
/// authenticate (trust, cleartext, MD5, SCRAM-SHA-256), collect ParameterStatus and BackendKeyData, and then
/// exchange framed messages through <see cref="Transport"/>.
/// </summary>
public sealed partial class PgClientConnection : IAsyncDisposable
{
    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal);

    private PgClientConnection(PgClientOptions options, PgTransport transport)
    {
        Options = options;
        Transport = transport;
    }

    public PgClientOptions Options { get; }

    public PgTransport Transport { get; }

    /// <summary>The server's reported settings (server_version, TimeZone, ...), kept current by <see cref="Track"/>.</summary>
    public IReadOnlyDictionary<string, string> ServerParameters => _parameters;

    public int ProcessId { get; private set; }

    public int SecretKey { get; private set; }

    public TransactionStatus TransactionStatus { get; private set; } = TransactionStatus.Idle;

    public bool IsTls { get; private set; }

    public static async Task<PgClientConnection> ConnectAsync(PgClientOptions options, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var stream = await OpenStreamAsync(options.Host, options.Port, timeout.Token);
        var connection = new PgClientConnection(options, new PgTransport(stream, PgMessageSource.Backend));
        try
        {
            await connection.StartAsync(timeout.Token);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a CancelRequest for the session with this key on its own short-lived connection.</summary>
    public static async Task CancelAsync(string host, int port, int processId, int secretKey, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenStreamAsync(host, port, cancellationToken);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16);
        StartupPacket.Cancel(processId, secretKey).Write(buffer);
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        // The server closes the connection without answering; wait for that so the request is not lost.
        _ = await stream.ReadAsync(new byte[1], cancellationToken);
    }

    private static Task<Stream> OpenStreamAsync(string host, int port, CancellationToken cancellationToken) =>
        EventLoopSocketStream.ConnectAsync(host, port, cancellationToken);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Options.SslMode != PgSslMode.Disable)
        {
            await NegotiateTlsAsync(cancellationToken);
        }

        var parameters = new List<KeyValuePair<string, string>>
        {
            new("user", Options.User),
            new("database", Options.Database ?? Options.User),
        };
        if (Options.ApplicationName is { } applicationName)
        {
            parameters.Add(new("application_name", applicationName));
        }

        parameters.AddRange(Options.StartupParameters);
        StartupPacket.Startup([.. parameters]).Write(Transport.Output);
        await Transport.FlushAsync(cancellationToken);

        await AuthenticateAsync(cancellationToken);
        await ReadUntilReadyAsync(cancellationToken);
    }

    private async Task NegotiateTlsAsync(CancellationToken cancellationToken)
    {
        new StartupPacket { Kind = StartupPacketKind.SslRequest }.Write(Transport.Output);
        await Transport.FlushAsync(cancellationToken);
        var answer = await Transport.ReadSingleByteAsync(cancellationToken);
        if (answer == (byte)'S')
        {
            await Transport.UpgradeAsync(async (stream, ct) =>
            {
                // libpq's sslmode=require: encrypt, but do not check who is at the other end.
#pragma warning disable CA5359
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
#pragma warning restore CA5359
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = Options.Host }, ct);
                return tls;
            }, cancellationToken);
            IsTls = true;
        }
        else if (answer != (byte)'N')
        {
            throw new PgProtocolException($"unexpected answer to SSLRequest: {answer}");
        }
        else if (Options.SslMode == PgSslMode.Require)
        {
            throw new PgErrorException(SqlState.ConnectionFailure, "server does not support SSL, but SSL was required");
        }
    }

    private async Task ReadUntilReadyAsync(CancellationToken cancellationToken)
    {
        var keyData = new BackendKeyDataMessage();
        while (true)
        {
            var message = await ReadRequiredAsync(cancellationToken);
            switch (message.Code)
            {
                case BackendCode.BackendKeyData:
                    keyData.Read(message.Payload);
                    ProcessId = keyData.ProcessId;
                    SecretKey = keyData.SecretKey;
                    break;
                case BackendCode.ReadyForQuery:
                    Track(message);
                    return;
                case BackendCode.ErrorResponse:
                    throw ToException(message);
                default:
                    Track(message);
                    break;
            }
        }
    }

    /// <summary>Reads the next message, failing when the server closed the connection.</summary>
    public async ValueTask<PgMessage> ReadRequiredAsync(CancellationToken cancellationToken = default) =>
        await Transport.ReadAsync(cancellationToken)
        ?? throw new PgErrorException(SqlState.ConnectionFailure, "server closed the connection unexpectedly");

    /// <summary>
    /// Keeps <see cref="ServerParameters"/> and <see cref="TransactionStatus"/> current from a message that
    /// passes by; callers that relay backend messages call it for each one.
    /// </summary>
    public void Track(in PgMessage message)
    {
        switch (message.Code)
        {
            case BackendCode.ParameterStatus:
                var status = new ParameterStatusMessage();
                status.Read(message.Payload);
                _parameters[status.Name] = status.Value;
                break;
            case BackendCode.ReadyForQuery:
                var ready = new ReadyForQueryMessage();
                ready.Read(message.Payload);
                TransactionStatus = ready.Status;
                break;
        }
    }

    internal static PgErrorException ToException(in PgMessage message)
    {
        var error = new ErrorResponseMessage();
        error.Read(message.Payload);
        return new PgErrorException(error.Error);
    }

    public ValueTask DisposeAsync() => Transport.DisposeAsync();
}
