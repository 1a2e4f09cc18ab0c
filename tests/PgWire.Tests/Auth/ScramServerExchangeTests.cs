using System.Text;
using HtapRouter.PgWire.Auth;

namespace HtapRouter.PgWire.Tests.Auth;

public class ScramServerExchangeTests
{
    internal const string ClientNonce = "fyko+d2lbbFgONRv9qkxdawL";
    internal const string ServerNonce = "3rfcNHYJY1ZVvWVs7j";
    internal static readonly ScramVerifier PencilVerifier = ScramVerifier.Create("pencil", 4096, Convert.FromBase64String("QSXCR+Q6sek8bf92"));

    [Fact]
    public void Exchange_Rfc7677Vector_ProducesRfcServerMessages()
    {
        ScramTranscript rfc = PostgresVectors.Rfc7677;
        var verifier = ScramVerifier.Create(rfc.Password, 4096, Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="));
        var server = new ScramServerExchange("user", verifier, Options(rfc.ServerNonce));

        ScramServerResult first = server.HandleClientFirst(Bytes(rfc.ClientFirst));
        ScramServerResult final = server.HandleClientFinal(Bytes(rfc.ClientFinal));

        Assert.Equal(rfc.ServerFirst, Text(first.Message));
        Assert.True(final.IsSuccess);
        Assert.Equal(rfc.ServerFinal, Text(final.Message));
    }

    [Theory]
    [InlineData("libpq_ascii")]
    [InlineData("libpq_nfkc")]
    public void Exchange_LibpqTranscript_MatchesPostgresAnswers(string name)
    {
        ScramTranscript transcript = PostgresVectors.Exchanges[name];
        var server = new ScramServerExchange("u", ScramVerifier.Parse(transcript.Verifier), Options(transcript.ServerNonce));

        ScramServerResult first = server.HandleClientFirst(Bytes(transcript.ClientFirst));
        ScramServerResult final = server.HandleClientFinal(Bytes(transcript.ClientFinal));

        Assert.Equal(transcript.ServerFirst, Text(first.Message));
        Assert.True(final.IsSuccess, final.ErrorMessage);
        Assert.Equal(transcript.ServerFinal, Text(final.Message));
    }

    [Fact]
    public void HandleClientFinal_LibpqWithWrongPassword_FailsWithInvalidPassword()
    {
        ScramTranscript transcript = PostgresVectors.WrongPassword;
        var server = new ScramServerExchange("scram_ascii", ScramVerifier.Parse(transcript.Verifier), Options(transcript.ServerNonce));
        server.HandleClientFirst(Bytes(transcript.ClientFirst));

        ScramServerResult final = server.HandleClientFinal(Bytes(transcript.ClientFinal));

        Assert.Equal(ScramFailure.InvalidPassword, final.Failure);
        Assert.Equal("28P01", final.SqlState);
        Assert.Equal("password authentication failed for user \"scram_ascii\"", final.ErrorMessage);
        Assert.Null(final.ErrorDetail);
        Assert.True(final.Message.IsEmpty);
    }

    [Theory]
    [InlineData("pencil", true)]
    [InlineData("Pencil", false)]
    [InlineData("", false)]
    public void Exchange_WithOurClient_SucceedsOnlyWithRightPassword(string password, bool succeeds)
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options());
        var client = new ScramClientExchange(password);

        ScramServerResult first = server.HandleClientFirst(client.CreateClientFirstMessage());
        ScramServerResult final = server.HandleClientFinal(client.HandleServerFirst(first.Message.Span));

        Assert.True(first.IsSuccess);
        Assert.Equal(succeeds, final.IsSuccess);
        Assert.Equal(succeeds ? ScramFailure.None : ScramFailure.InvalidPassword, final.Failure);
        if (succeeds)
        {
            Assert.True(client.VerifyServerFinal(final.Message.Span));
        }
    }

    [Fact]
    public void HandleClientFirst_YFlag_IsAcceptedAndFinalMustRepeatIt()
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options(ServerNonce));
        Assert.True(server.HandleClientFirst(Bytes($"y,,n=,r={ClientNonce}")).IsSuccess);

        ScramServerResult final = server.HandleClientFinal(Bytes(ClientFinal("y,,", "n=,r=" + ClientNonce, "biws")));

        Assert.Equal(ScramFailure.MalformedMessage, final.Failure);
        Assert.Equal("unexpected SCRAM channel-binding attribute in client-final-message", final.ErrorMessage);
    }

    [Theory]
    [InlineData("n,,")]
    [InlineData("y,,")]
    public void HandleClientFinal_ProofFromPassword_Succeeds(string gs2Header)
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options(ServerNonce));
        server.HandleClientFirst(Bytes(gs2Header + "n=,r=" + ClientNonce));

        ScramServerResult final = server.HandleClientFinal(Bytes(ClientFinal(gs2Header, "n=,r=" + ClientNonce)));

        Assert.True(final.IsSuccess, final.ErrorDetail);
        Assert.StartsWith("v=", Text(final.Message), StringComparison.Ordinal);
    }

    [Fact]
    public void HandleClientFinal_ExtensionBeforeProof_IsIgnoredButSigned()
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options(ServerNonce));
        server.HandleClientFirst(Bytes("n,,n=,r=" + ClientNonce + ",x=extension"));

        ScramServerResult final = server.HandleClientFinal(Bytes(ClientFinal("n,,", "n=,r=" + ClientNonce + ",x=extension", extension: ",z=1")));

        Assert.True(final.IsSuccess, final.ErrorDetail);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(43)]
    public void HandleClientFinal_TamperedProof_FailsWithInvalidPassword(int position)
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options(ServerNonce));
        server.HandleClientFirst(Bytes("n,,n=,r=" + ClientNonce));
        string final = ClientFinal("n,,", "n=,r=" + ClientNonce);
        int proofStart = final.IndexOf(",p=", StringComparison.Ordinal) + 3;
        byte[] proof = Convert.FromBase64String(final[proofStart..]);
        proof[position * proof.Length / 44] ^= 0x01;

        ScramServerResult result = server.HandleClientFinal(Bytes(final[..proofStart] + Convert.ToBase64String(proof)));

        Assert.Equal(ScramFailure.InvalidPassword, result.Failure);
    }

    [Theory]
    [InlineData("c=biws,r=" + ClientNonce + "X" + ServerNonce)]
    [InlineData("c=biws,r=" + ClientNonce)]
    [InlineData("c=biws,r=" + ClientNonce + ServerNonce + "X")]
    public void HandleClientFinal_WrongNonce_FailsAsMalformed(string withoutProof)
    {
        var server = new ScramServerExchange("alice", PencilVerifier, Options(ServerNonce));
        server.HandleClientFirst(Bytes("n,,n=,r=" + ClientNonce));

        ScramServerResult result = server.HandleClientFinal(Bytes(withoutProof + ",p=" + Convert.ToBase64String(new byte[32])));

        Assert.Equal(ScramFailure.MalformedMessage, result.Failure);
        Assert.Equal("08P01", result.SqlState);
        Assert.Equal("Nonce does not match.", result.ErrorDetail);
    }

    [Fact]
    public void Mechanisms_OfferOnlyScramWithoutChannelBinding()
    {
        Assert.Equal(["SCRAM-SHA-256"], ScramServerExchange.Mechanisms);
    }

    internal static ScramServerOptions Options(params string[] nonces) => new()
    {
        MockSaltKey = Encoding.ASCII.GetBytes("0123456789abcdef-mock-salt-key"),
        NonceSource = nonces.Length == 0 ? ScramNonceSource.Shared : new FixedNonceSource(nonces),
    };

    internal static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    internal static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    // Computes a client-final-message for "pencil" from first principles (RFC 5802 section 3).
    private static string ClientFinal(string gs2Header, string clientFirstBare, string? channelBinding = null, string extension = "")
    {
        byte[] salt = PencilVerifier.Salt.ToArray();
        byte[] salted = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("pencil"u8, salt, 4096, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        byte[] clientKey = System.Security.Cryptography.HMACSHA256.HashData(salted, "Client Key"u8);
        byte[] storedKey = System.Security.Cryptography.SHA256.HashData(clientKey);
        string serverFirst = $"r={ClientNonce}{ServerNonce},s={Convert.ToBase64String(salt)},i=4096";
        string withoutProof = $"c={channelBinding ?? Convert.ToBase64String(Bytes(gs2Header))},r={ClientNonce}{ServerNonce}{extension}";
        byte[] signature = System.Security.Cryptography.HMACSHA256.HashData(storedKey, Bytes($"{clientFirstBare},{serverFirst},{withoutProof}"));
        byte[] proof = clientKey.Zip(signature, (a, b) => (byte)(a ^ b)).ToArray();
        return $"{withoutProof},p={Convert.ToBase64String(proof)}";
    }
}
