using System.Security.Cryptography;

namespace HtapRouter.PgWire.Auth;

/// <summary>The SCRAM-SHA-256 key derivations of RFC 5802 section 3.</summary>
internal static class ScramKeys
{
    public const int KeyLength = 32;

    public static byte[] SaltedPassword(ReadOnlySpan<byte> preparedPassword, ReadOnlySpan<byte> salt, int iterations)
        => Rfc2898DeriveBytes.Pbkdf2(preparedPassword, salt, iterations, HashAlgorithmName.SHA256, KeyLength);

    public static byte[] ClientKey(ReadOnlySpan<byte> saltedPassword) => HMACSHA256.HashData(saltedPassword, "Client Key"u8);

    public static byte[] ServerKey(ReadOnlySpan<byte> saltedPassword) => HMACSHA256.HashData(saltedPassword, "Server Key"u8);

    public static byte[] StoredKey(ReadOnlySpan<byte> clientKey) => SHA256.HashData(clientKey);

    public static byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);

    /// <summary>AuthMessage = client-first-message-bare "," server-first-message "," client-final-message-without-proof.</summary>
    public static byte[] AuthMessage(ReadOnlySpan<byte> clientFirstBare, ReadOnlySpan<byte> serverFirst, ReadOnlySpan<byte> clientFinalWithoutProof)
    {
        byte[] message = new byte[clientFirstBare.Length + 1 + serverFirst.Length + 1 + clientFinalWithoutProof.Length];
        var span = message.AsSpan();
        clientFirstBare.CopyTo(span);
        span[clientFirstBare.Length] = (byte)',';
        serverFirst.CopyTo(span[(clientFirstBare.Length + 1)..]);
        span[clientFirstBare.Length + 1 + serverFirst.Length] = (byte)',';
        clientFinalWithoutProof.CopyTo(span[(clientFirstBare.Length + serverFirst.Length + 2)..]);
        return message;
    }

    public static void Xor(Span<byte> target, ReadOnlySpan<byte> other)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] ^= other[i];
        }
    }
}
