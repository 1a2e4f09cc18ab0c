namespace HtapRouter.PgWire.Auth;

public sealed partial class ScramServerExchange
{
    private const string Malformed = "malformed SCRAM message";

    // client-first-message = gs2-header client-first-message-bare, gs2-header = cbind-flag "," [authzid] ","
    private ScramServerResult? ReadClientFirst(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> clientNonce)
    {
        clientNonce = default;
        if (HasBadFraming(message, out ScramServerResult? error))
        {
            return error;
        }

        switch (message[0])
        {
            case (byte)'n':
            case (byte)'y':
                // 'y': the client could bind but believes we cannot, which is true, so it is no downgrade.
                _channelBindingFlag = message[0];
                break;
            case (byte)'p':
                return ScramServerResult.Malformed(
                    Malformed,
                    "The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.");
            default:
                return ScramServerResult.Malformed(Malformed, $"Unexpected channel-binding flag {Describe(message[0])}.");
        }

        if (message.Length < 2 || message[1] != (byte)',')
        {
            return ScramServerResult.Malformed(Malformed, "Comma expected after the channel-binding flag.");
        }

        if (message.Length > 2 && message[2] == (byte)'a')
        {
            return ScramServerResult.Unsupported("client uses authorization identity, but it is not supported");
        }

        if (message.Length < 3 || message[2] != (byte)',')
        {
            return ScramServerResult.Malformed(Malformed, "Unexpected attribute in client-first-message.");
        }

        ReadOnlySpan<byte> bare = message[3..];
        if (!bare.IsEmpty && bare[0] == (byte)'m')
        {
            return ScramServerResult.Unsupported("client requires an unsupported SCRAM extension");
        }

        var reader = new ScramAttributeReader(bare);

        // The user name is ignored: the startup packet's counts, and PostgreSQL clients send "n=".
        if (!reader.TryRead('n', out _))
        {
            return ScramServerResult.Malformed(Malformed, "Expected attribute \"n\" in client-first-message.");
        }

        if (!reader.TryRead('r', out clientNonce))
        {
            return ScramServerResult.Malformed(Malformed, "Expected attribute \"r\" in client-first-message.");
        }

        if (clientNonce.IsEmpty || !ScramAttributeReader.IsPrintable(clientNonce))
        {
            return ScramServerResult.Malformed(Malformed, "The client nonce is empty or contains non-printable characters.");
        }

        while (!reader.IsAtEnd)
        {
            if (!reader.TryRead(out _, out _))
            {
                return ScramServerResult.Malformed(Malformed, "Attribute expected in client-first-message.");
            }
        }

        _clientFirstBare = bare.ToArray();
        return null;
    }

    // client-final-message = channel-binding "," nonce ["," extensions] "," proof
    private ScramServerResult? ReadClientFinal(ReadOnlySpan<byte> message, out int withoutProofLength, out byte[] proof)
    {
        withoutProofLength = 0;
        proof = [];
        if (HasBadFraming(message, out ScramServerResult? error))
        {
            return error;
        }

        var reader = new ScramAttributeReader(message);
        if (!reader.TryRead('c', out ReadOnlySpan<byte> channelBinding))
        {
            return ScramServerResult.Malformed(Malformed, "Expected attribute \"c\" in client-final-message.");
        }

        // Without channel binding c= is the base64 gs2 header, and must repeat the client's flag.
        ReadOnlySpan<byte> expected = _channelBindingFlag == (byte)'n' ? "biws"u8 : "eSws"u8;
        if (!channelBinding.SequenceEqual(expected))
        {
            return ScramServerResult.Malformed("unexpected SCRAM channel-binding attribute in client-final-message");
        }

        if (!reader.TryRead('r', out ReadOnlySpan<byte> nonce))
        {
            return ScramServerResult.Malformed(Malformed, "Expected attribute \"r\" in client-final-message.");
        }

        int proofStart;
        byte name;
        ReadOnlySpan<byte> value;
        do
        {
            proofStart = reader.Position;
            if (!reader.TryRead(out name, out value))
            {
                return ScramServerResult.Malformed(Malformed, "Expected attribute \"p\" in client-final-message.");
            }
        }
        while (name != (byte)'p');

        if (!TryDecodeProof(value, out proof))
        {
            return ScramServerResult.Malformed(Malformed, "Malformed proof in client-final-message.");
        }

        if (!reader.IsAtEnd)
        {
            return ScramServerResult.Malformed(Malformed, "Garbage found at the end of client-final-message.");
        }

        if (!nonce.SequenceEqual(_nonce))
        {
            return ScramServerResult.Malformed("invalid SCRAM response", "Nonce does not match.");
        }

        withoutProofLength = proofStart - 1;
        return null;
    }
}
