using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HtapRouter.PgWire.Auth;

/// <summary>
/// Server side of one SCRAM-SHA-256 authentication attempt (RFC 5802, RFC 7677), following PostgreSQL's
/// rules. Pure logic: the caller moves the SASL messages. Not thread-safe; one instance per attempt.
/// </summary>
/// <remarks>
/// Channel binding (SCRAM-SHA-256-PLUS) is not offered. A user without a verifier gets a complete mock
/// exchange with a salt derived from the user name and fails at the end exactly like a wrong password.
/// </remarks>
public sealed partial class ScramServerExchange
{
    /// <summary>The mechanism name in AuthenticationSASL and SASLInitialResponse.</summary>
    public const string MechanismName = "SCRAM-SHA-256";

    private readonly string _userName;
    private readonly IScramNonceSource _nonceSource;
    private readonly int _iterations;
    private readonly byte[] _salt;
    private readonly byte[] _storedKey;
    private readonly byte[] _serverKey;
    private Step _step;
    private byte _channelBindingFlag;
    private byte[] _clientFirstBare = [];
    private byte[] _serverFirst = [];
    private byte[] _nonce = [];

    /// <param name="userName">User name from the startup packet (SCRAM's n= is ignored, as PostgreSQL does).</param>
    /// <param name="verifier">The user's verifier; null for an unknown user or one whose secret cannot do SCRAM.</param>
    /// <param name="options">Mock salt key, mock iterations and nonce source, shared by the server's exchanges.</param>
    public ScramServerExchange(string userName, ScramVerifier? verifier, ScramServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MockSaltKey.Length < ScramServerOptions.MinMockSaltKeyLength)
        {
            throw new ArgumentException($"MockSaltKey must be at least {ScramServerOptions.MinMockSaltKeyLength} bytes.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MockIterations, 1, nameof(options));
        _userName = userName;
        _nonceSource = options.NonceSource;
        IsMock = verifier is null;
        if (verifier is null)
        {
            _iterations = options.MockIterations;
            _salt = HMACSHA256.HashData(options.MockSaltKey.Span, Encoding.UTF8.GetBytes(userName))[..ScramVerifier.DefaultSaltLength];
            _storedKey = new byte[ScramVerifier.KeyLength];
            _serverKey = new byte[ScramVerifier.KeyLength];
        }
        else
        {
            _iterations = verifier.Iterations;
            _salt = verifier.Salt.ToArray();
            _storedKey = verifier.StoredKey.ToArray();
            _serverKey = verifier.ServerKey.ToArray();
        }
    }

    private enum Step
    {
        AwaitingClientFirst,
        AwaitingClientFinal,
        Finished,
    }

    /// <summary>Mechanisms to list in AuthenticationSASL.</summary>
    public static IReadOnlyList<string> Mechanisms { get; } = [MechanismName];

    /// <summary>True when this exchange runs without a verifier and can only fail.</summary>
    public bool IsMock { get; }

    /// <summary>
    /// Handles client-first-message (the data of SASLInitialResponse). On success <see cref="ScramServerResult.Message"/>
    /// is server-first-message for AuthenticationSASLContinue.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called out of turn, or the nonce source returned an unusable nonce.</exception>
    public ScramServerResult HandleClientFirst(ReadOnlySpan<byte> clientFirstMessage)
    {
        Advance(Step.AwaitingClientFirst);
        ScramServerResult? error = ReadClientFirst(clientFirstMessage, out ReadOnlySpan<byte> clientNonce);
        if (error is not null)
        {
            return error;
        }

        string serverNonce = _nonceSource.CreateNonce();
        if (serverNonce.Length == 0 || !ScramAttributeReader.IsPrintable(Encoding.UTF8.GetBytes(serverNonce)))
        {
            throw new InvalidOperationException("The nonce source returned a nonce that is empty or not printable ASCII.");
        }

        _nonce = [.. clientNonce, .. Encoding.ASCII.GetBytes(serverNonce)];
        _serverFirst = Encoding.ASCII.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"r={Encoding.ASCII.GetString(_nonce)},s={Convert.ToBase64String(_salt)},i={_iterations}"));
        _step = Step.AwaitingClientFinal;
        return ScramServerResult.Success(_serverFirst);
    }

    /// <summary>
    /// Handles client-final-message (the data of SASLResponse). On success <see cref="ScramServerResult.Message"/>
    /// is server-final-message for AuthenticationSASLFinal, to be followed by AuthenticationOk.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called out of turn.</exception>
    public ScramServerResult HandleClientFinal(ReadOnlySpan<byte> clientFinalMessage)
    {
        Advance(Step.AwaitingClientFinal);
        ScramServerResult? error = ReadClientFinal(clientFinalMessage, out int withoutProofLength, out byte[] proof);
        if (error is not null)
        {
            return error;
        }

        byte[] authMessage = ScramKeys.AuthMessage(_clientFirstBare, _serverFirst, clientFinalMessage[..withoutProofLength]);

        // ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); the proof holds if H(ClientKey) = StoredKey.
        // A mock exchange does the same work so that its timing does not stand out. Its all-zero StoredKey
        // cannot match any proof; IsMock states the failure rather than relying on that.
        ScramKeys.Xor(proof, ScramKeys.Hmac(_storedKey, authMessage));
        bool proofMatches = CryptographicOperations.FixedTimeEquals(SHA256.HashData(proof), _storedKey);
        if (!proofMatches || IsMock)
        {
            return ScramServerResult.InvalidPassword(
                _userName,
                IsMock
                    ? $"User \"{_userName}\" does not exist or has no SCRAM verifier."
                    : $"SCRAM proof for user \"{_userName}\" does not match its verifier.");
        }

        string signature = Convert.ToBase64String(ScramKeys.Hmac(_serverKey, authMessage));
        return ScramServerResult.Success(Encoding.ASCII.GetBytes("v=" + signature));
    }

    private void Advance(Step expected)
    {
        if (_step != expected)
        {
            throw new InvalidOperationException($"The SCRAM exchange is not awaiting this message (state {_step}).");
        }

        // Any outcome but success ends the exchange; success moves it on explicitly.
        _step = Step.Finished;
    }

    private static bool HasBadFraming(ReadOnlySpan<byte> message, out ScramServerResult? error)
    {
        error = message.IsEmpty
            ? ScramServerResult.Malformed("malformed SCRAM message (empty message)")
            : message.Contains((byte)0)
                ? ScramServerResult.Malformed("malformed SCRAM message", "The message contains a null byte.")
                : null;
        return error is not null;
    }

    private static bool TryDecodeProof(ReadOnlySpan<byte> base64, out byte[] proof)
    {
        proof = new byte[ScramVerifier.KeyLength];
        Span<byte> decoded = stackalloc byte[ScramVerifier.KeyLength + 3];
        if (Base64.DecodeFromUtf8(base64, decoded, out _, out int written) != OperationStatus.Done || written != ScramVerifier.KeyLength)
        {
            return false;
        }

        decoded[..written].CopyTo(proof);
        return true;
    }

    private static string Describe(byte b)
        => b is >= 0x20 and < 0x7F ? $"\"{(char)b}\"" : $"0x{b:X2}";
}
