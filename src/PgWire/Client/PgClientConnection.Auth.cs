using System.Buffers;
using HtapRouter.PgWire.Auth;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.PgWire.Client;

public sealed partial class PgClientConnection
{
    /// <summary>Answers the server's authentication requests until AuthenticationOk.</summary>
    private async Task AuthenticateAsync(CancellationToken cancellationToken)
    {
        var request = new AuthenticationMessage();
        ScramClientExchange? scram = null;
        while (true)
        {
            var message = await ReadRequiredAsync(cancellationToken);
            switch (message.Code)
            {
                case BackendCode.ErrorResponse:
                    throw ToException(message);
                case BackendCode.NegotiateProtocolVersion:
                    continue; // the server speaks 3.0, which is what we asked for
                case BackendCode.Authentication:
                    break;
                default:
                    throw new PgProtocolException($"unexpected message type {message.Code} during authentication");
            }

            request.Read(message.Payload);
            switch (request.Request)
            {
                case AuthenticationRequest.Ok:
                    return;
                case AuthenticationRequest.CleartextPassword:
                    new PasswordMessage { Password = RequirePassword() }.Write(Transport.Output);
                    break;
                case AuthenticationRequest.Md5Password:
                    var salt = new byte[4];
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(salt, request.Md5Salt);
                    new PasswordMessage { Password = Md5Password.ComputeResponse(Options.User, RequirePassword(), salt) }
                        .Write(Transport.Output);
                    break;
                case AuthenticationRequest.Sasl:
                    if (!request.Mechanisms.Contains(ScramClientExchange.MechanismName))
                    {
                        throw new PgErrorException(SqlState.FeatureNotSupported,
                            $"none of the server's SASL mechanisms are supported: {string.Join(", ", request.Mechanisms)}");
                    }

                    scram = new ScramClientExchange(RequirePassword());
                    new SaslInitialResponseMessage
                    {
                        Mechanism = ScramClientExchange.MechanismName,
                        Data = new PgValue(scram.CreateClientFirstMessage()),
                    }.Write(Transport.Output);
                    break;
                case AuthenticationRequest.SaslContinue when scram is not null:
                    new SaslResponseMessage { Data = new(scram.HandleServerFirst(request.Data.ToArray())) }
                        .Write(Transport.Output);
                    break;
                case AuthenticationRequest.SaslFinal when scram is not null:
                    if (!scram.VerifyServerFinal(request.Data.ToArray()))
                    {
                        throw new PgErrorException(SqlState.InvalidAuthorizationSpecification,
                            scram.ServerError is { } serverError
                                ? $"SCRAM authentication failed: {serverError}"
                                : "SCRAM server signature does not match: the server does not know the password");
                    }

                    continue;
                default:
                    throw new PgErrorException(SqlState.FeatureNotSupported,
                        $"authentication method {request.Request} is not supported");
            }

            await Transport.FlushAsync(cancellationToken);
        }
    }

    private string RequirePassword() =>
        Options.Password ?? throw new PgErrorException(SqlState.InvalidPassword,
            $"the server requested password-based authentication, but no password was configured for user \"{Options.User}\"");
}
