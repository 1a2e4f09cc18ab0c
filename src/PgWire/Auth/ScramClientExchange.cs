using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HtapRouter.PgWire.Auth;

/// <summary>
/// Client side of one SCRAM-SHA-256 authentication (RFC 5802, RFC 7677), as libpq runs it: no channel
/// binding (gs2 header "n,,") and by default an empty user name, since PostgreSQL takes the user from the
/// startup packet. Pure logic; not thread-safe; one instance per attempt.
/// </summary>
public sealed class ScramClientExchange
{
    /// <summary>The mechanism name to choose from AuthenticationSASL and send in SASLInitialResponse.</summary>
    public const string MechanismName = ScramServerExchange.MechanismName;

    /// <summary>Default ceiling on the iteration count a server may ask for.</summary>
    public const int DefaultMaxIterations = 10_000_000;

    private const string Gs2Header = "n,,";
    private const string ChannelBinding = "biws"; // base64("n,,")

    private readonly byte[] _password;
    private readonly IScramNonceSource _nonceSource;
    private Step _step;
    private string _clientNonce = "";
    private byte[] _clientFirstBare = [];
    private byte[] _expectedServerSignature = [];

    /// <param name="password">The password; SASLprepped as libpq does (raw UTF-8 when SASLprep refuses it).</param>
    /// <param name="nonceSource">Source of the client nonce; null for <see cref="ScramNonceSource.Shared"/>.</param>
    public ScramClientExchange(string password, IScramNonceSource? nonceSource = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        _password = SaslPrep.PreparePassword(password);
        _nonceSource = nonceSource ?? ScramNonceSource.Shared;
    }

    private enum Step
    {
        Initial,
        AwaitingServerFirst,
        AwaitingServerFinal,
        Finished,
    }

    /// <summary>
    /// Largest iteration count accepted from the server, which bounds the PBKDF2 work a server can make us
    /// do. Default <see cref="DefaultMaxIterations"/>.
    /// </summary>
    public int MaxIterations { get; init; } = DefaultMaxIterations;

    /// <summary>User name sent in n=; default empty, as libpq sends it. PostgreSQL ignores it.</summary>
    public string UserName { get; init; } = "";

    /// <summary>The server's e= error from server-final-message, when it sent one.</summary>
    public string? ServerError { get; private set; }

    /// <summary>client-first-message, the data of SASLInitialResponse.</summary>
    /// <exception cref="InvalidOperationException">Called twice.</exception>
    public byte[] CreateClientFirstMessage()
    {
        Advance(Step.Initial, Step.AwaitingServerFirst);
        _clientNonce = _nonceSource.CreateNonce();
        if (_clientNonce.Length == 0 || !ScramAttributeReader.IsPrintable(Encoding.UTF8.GetBytes(_clientNonce)))
        {
            throw new InvalidOperationException("The nonce source returned a nonce that is empty or not printable ASCII.");
        }

        // saslname escapes '=' and ',' (RFC 5802 section 5.1).
        string saslName = UserName.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
        _clientFirstBare = Encoding.UTF8.GetBytes("n=" + saslName + ",r=" + _clientNonce);
        return [.. Encoding.ASCII.GetBytes(Gs2Header), .. _clientFirstBare];
    }

    /// <summary>Handles server-first-message (from AuthenticationSASLContinue) and returns client-final-message for SASLResponse.</summary>
    /// <exception cref="ScramException">The message is malformed, its nonce does not extend ours, or its salt or iteration count is unusable.</exception>
    /// <exception cref="InvalidOperationException">Called out of turn.</exception>
    public byte[] HandleServerFirst(ReadOnlySpan<byte> serverFirstMessage)
    {
        Advance(Step.AwaitingServerFirst, Step.Finished);
        var reader = new ScramAttributeReader(serverFirstMessage);
        if (!reader.TryRead('r', out ReadOnlySpan<byte> nonce)
            || !reader.TryRead('s', out ReadOnlySpan<byte> saltBase64)
            || !reader.TryRead('i', out ReadOnlySpan<byte> iterationsText)
            || !reader.IsAtEnd)
        {
            throw new ScramException("malformed SCRAM message (server-first-message is not r=...,s=...,i=...)");
        }

        if (nonce.Length <= _clientNonce.Length
            || !nonce.StartsWith(Encoding.ASCII.GetBytes(_clientNonce))
            || !ScramAttributeReader.IsPrintable(nonce))
        {
            throw new ScramException("invalid SCRAM response (nonce mismatch)");
        }

        byte[] salt = DecodeBase64(saltBase64);
        if (salt.Length == 0)
        {
            throw new ScramException("malformed SCRAM message (invalid salt)");
        }

        if (!int.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out int iterations)
            || iterations < 1 || iterations > MaxIterations)
        {
            throw new ScramException($"malformed SCRAM message (invalid iteration count, at most {MaxIterations} accepted)");
        }

        byte[] saltedPassword = ScramKeys.SaltedPassword(_password, salt, iterations);
        byte[] clientKey = ScramKeys.ClientKey(saltedPassword);
        byte[] withoutProof = [.. "c="u8, .. Encoding.ASCII.GetBytes(ChannelBinding), .. ",r="u8, .. nonce];
        byte[] authMessage = ScramKeys.AuthMessage(_clientFirstBare, serverFirstMessage, withoutProof);

        byte[] proof = clientKey;
        ScramKeys.Xor(proof, ScramKeys.Hmac(ScramKeys.StoredKey(clientKey), authMessage));
        _expectedServerSignature = ScramKeys.Hmac(ScramKeys.ServerKey(saltedPassword), authMessage);
        _step = Step.AwaitingServerFinal;
        return [.. withoutProof, .. ",p="u8, .. Encoding.ASCII.GetBytes(Convert.ToBase64String(proof))];
    }

    /// <summary>
    /// Checks server-final-message (from AuthenticationSASLFinal). False when the server reports an error
    /// (see <see cref="ServerError"/>) or its signature is wrong, i.e. it does not know the password.
    /// </summary>
    /// <exception cref="ScramException">The message is malformed.</exception>
    /// <exception cref="InvalidOperationException">Called out of turn.</exception>
    public bool VerifyServerFinal(ReadOnlySpan<byte> serverFinalMessage)
    {
        Advance(Step.AwaitingServerFinal, Step.Finished);
        var reader = new ScramAttributeReader(serverFinalMessage);
        if (reader.TryRead('e', out ReadOnlySpan<byte> error))
        {
            ServerError = Encoding.UTF8.GetString(error);
            return false;
        }

        if (!reader.TryRead('v', out ReadOnlySpan<byte> signatureBase64) || !reader.IsAtEnd)
        {
            throw new ScramException("malformed SCRAM message (server-final-message is not v=...)");
        }

        return CryptographicOperations.FixedTimeEquals(DecodeBase64(signatureBase64), _expectedServerSignature);
    }

    private void Advance(Step expected, Step next)
    {
        if (_step != expected)
        {
            throw new InvalidOperationException($"The SCRAM exchange is not at this step (state {_step}).");
        }

        _step = next;
    }

    private static byte[] DecodeBase64(ReadOnlySpan<byte> base64)
    {
        byte[] decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        if (Base64.DecodeFromUtf8(base64, decoded, out _, out int written) != OperationStatus.Done)
        {
            throw new ScramException("malformed SCRAM message (invalid base64)");
        }

        return decoded[..written];
    }
}
