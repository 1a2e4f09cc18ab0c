using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using HtapRouter.PgWire.Auth;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.PgWire.Server;

/// <summary>
/// Runs the server side of authentication for one connection, the way PostgreSQL does for a pg_hba method:
/// trust, password (cleartext), md5 (which becomes SCRAM when the user's secret is a SCRAM verifier) and
/// scram-sha-256. Every failure is the same 28P01 message, whether the user exists or not.
/// </summary>
public sealed class PgAuthenticator
{
    private readonly IPgUserStore? _users;
    private readonly ScramServerOptions _scram;

    /// <param name="method">The method asked of every client.</param>
    /// <param name="users">The users and their secrets; required unless <paramref name="method"/> is trust.</param>
    /// <param name="scram">SCRAM settings; by default a mock-salt key random to this process.</param>
    public PgAuthenticator(PgAuthMethod method, IPgUserStore? users, ScramServerOptions? scram = null)
    {
        if (method != PgAuthMethod.Trust && users is null)
        {
            throw new ArgumentException($"authentication method {method} needs a user store", nameof(users));
        }

        Method = method;
        _users = users;
        _scram = scram ?? new ScramServerOptions { MockSaltKey = RandomNumberGenerator.GetBytes(32) };
    }

    /// <summary>Trusts every client: for servers with no users configured.</summary>
    public static PgAuthenticator Trust { get; } = new(PgAuthMethod.Trust, null);

    public PgAuthMethod Method { get; }

    /// <summary>Authenticates <paramref name="user"/>; false means an error was sent or the client left.</summary>
    public async ValueTask<bool> AuthenticateAsync(PgServerConnection connection, string user, CancellationToken cancellationToken)
    {
        if (Method == PgAuthMethod.Trust)
        {
            return true;
        }

        var credential = _users!.TryGetUser(user, out var found) ? found : null;
        var method = PgAuthMethods.Select(Method, credential);
        var ok = method switch
        {
            PgAuthMethod.ScramSha256 => await ScramAsync(connection, user, credential, cancellationToken),
            PgAuthMethod.Md5 => await Md5Async(connection, user, credential, cancellationToken),
            PgAuthMethod.Cleartext => await CleartextAsync(connection, user, credential, cancellationToken),
            _ => throw new InvalidOperationException($"unsupported authentication method {method}"),
        };
        if (ok is null)
        {
            return false; // the client left during the exchange
        }

        if (!ok.Value)
        {
            await connection.TrySendFatalAsync(
                PgError.Fatal(SqlState.InvalidPassword, $"password authentication failed for user \"{user}\""),
                cancellationToken);
            return false;
        }

        return true;
    }

    private async ValueTask<bool?> ScramAsync(PgServerConnection connection, string user, PgCredential? credential,
        CancellationToken cancellationToken)
    {
        var verifier = credential is not null && credential.TryGetScramVerifier(out var v) ? v : null;
        var exchange = new ScramServerExchange(user, verifier, _scram);
        var offer = new AuthenticationMessage { Request = AuthenticationRequest.Sasl };
        offer.Mechanisms.AddRange(ScramServerExchange.Mechanisms);
        offer.Write(connection.Transport.Output);
        await connection.Transport.FlushAsync(cancellationToken);

        if (await ReadPasswordPacketAsync(connection, cancellationToken) is not { } first)
        {
            return null;
        }

        var initial = new SaslInitialResponseMessage();
        initial.Read(first.Payload);
        if (initial.Mechanism != ScramServerExchange.MechanismName)
        {
            throw new PgProtocolException("client selected an invalid SASL authentication mechanism");
        }

        if (initial.Data.IsNull)
        {
            throw new PgProtocolException("malformed SCRAM message: no initial response");
        }

        var serverFirst = exchange.HandleClientFirst(initial.Data.Bytes.ToArray());
        if (!serverFirst.IsSuccess)
        {
            return Fail(serverFirst);
        }

        new AuthenticationMessage { Request = AuthenticationRequest.SaslContinue, Data = new(serverFirst.Message) }
            .Write(connection.Transport.Output);
        await connection.Transport.FlushAsync(cancellationToken);

        if (await ReadPasswordPacketAsync(connection, cancellationToken) is not { } final)
        {
            return null;
        }

        var response = new SaslResponseMessage();
        response.Read(final.Payload);
        var serverFinal = exchange.HandleClientFinal(response.Data.ToArray());
        if (!serverFinal.IsSuccess)
        {
            return Fail(serverFinal);
        }

        new AuthenticationMessage { Request = AuthenticationRequest.SaslFinal, Data = new(serverFinal.Message) }
            .Write(connection.Transport.Output);
        return true;
    }

    /// <summary>A wrong password is false (the common 28P01); a broken exchange is that exchange's own error.</summary>
    private static bool Fail(ScramServerResult result) => result.Failure == ScramFailure.InvalidPassword
        ? false
        : throw new PgErrorException(new PgError(PgSeverity.Fatal, result.SqlState!, result.ErrorMessage!) { Detail = result.ErrorDetail });

    private static async ValueTask<bool?> Md5Async(PgServerConnection connection, string user, PgCredential? credential,
        CancellationToken cancellationToken)
    {
        var salt = new byte[4];
        RandomNumberGenerator.Fill(salt);
        new AuthenticationMessage
        {
            Request = AuthenticationRequest.Md5Password,
            Md5Salt = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(salt),
        }.Write(connection.Transport.Output);
        await connection.Transport.FlushAsync(cancellationToken);

        if (await ReadPasswordAsync(connection, cancellationToken) is not { } response)
        {
            return null;
        }

        return credential is not null && credential.VerifyMd5Response(user, salt, Encoding.UTF8.GetBytes(response));
    }

    private static async ValueTask<bool?> CleartextAsync(PgServerConnection connection, string user, PgCredential? credential,
        CancellationToken cancellationToken)
    {
        new AuthenticationMessage { Request = AuthenticationRequest.CleartextPassword }.Write(connection.Transport.Output);
        await connection.Transport.FlushAsync(cancellationToken);
        if (await ReadPasswordAsync(connection, cancellationToken) is not { } password)
        {
            return null;
        }

        return credential is not null && credential.VerifyCleartextPassword(user, Encoding.UTF8.GetBytes(password));
    }

    private static async ValueTask<string?> ReadPasswordAsync(PgServerConnection connection, CancellationToken cancellationToken)
    {
        if (await ReadPasswordPacketAsync(connection, cancellationToken) is not { } packet)
        {
            return null;
        }

        var message = new PasswordMessage();
        message.Read(packet.Payload);
        return message.Password;
    }

    private static async ValueTask<PgMessage?> ReadPasswordPacketAsync(PgServerConnection connection, CancellationToken cancellationToken)
    {
        var message = await connection.Transport.ReadAsync(cancellationToken);
        if (message is { Code: not FrontendCode.Password } other)
        {
            throw new PgProtocolException($"expected password response, got message type {other.Code}");
        }

        return message;
    }
}
