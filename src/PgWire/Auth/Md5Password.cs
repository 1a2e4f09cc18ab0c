using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace HtapRouter.PgWire.Auth;

/// <summary>PostgreSQL's MD5 password scheme: the pg_authid hash and the salted AuthenticationMD5Password response.</summary>
/// <remarks>User names and passwords are taken as UTF-8. MD5 is weak; the protocol fixes the algorithm.</remarks>
[SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "PostgreSQL's md5 authentication is defined on MD5.")]
public static class Md5Password
{
    /// <summary>Prefix of the stored hash and of the response.</summary>
    public const string Prefix = "md5";

    /// <summary>Length of "md5" followed by 32 lowercase hex digits.</summary>
    public const int HashLength = 35;

    /// <summary>Length of the salt in AuthenticationMD5Password.</summary>
    public const int SaltLength = 4;

    /// <summary>The pg_authid form: "md5" + hex(md5(password + user)).</summary>
    public static string Hash(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        return Hash(Encoding.UTF8.GetBytes(userName), Encoding.UTF8.GetBytes(password));
    }

    /// <summary>True if <paramref name="secret"/> is an MD5 hash in PostgreSQL's sense: "md5" and 32 lowercase hex digits.</summary>
    public static bool IsMd5Hash([NotNullWhen(true)] string? secret)
    {
        if (secret is null || secret.Length != HashLength || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in secret.AsSpan(Prefix.Length))
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The PasswordMessage answer to AuthenticationMD5Password: "md5" + hex(md5(hex(md5(password + user)) + salt)).
    /// </summary>
    /// <param name="userName">The user name as sent in the startup packet.</param>
    /// <param name="passwordOrHash">A password, or an MD5 hash as <see cref="IsMd5Hash"/> recognises it, which is used as is.</param>
    /// <param name="salt">The 4-byte salt from AuthenticationMD5Password.</param>
    public static string ComputeResponse(string userName, string passwordOrHash, ReadOnlySpan<byte> salt)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(passwordOrHash);
        return SaltHash(IsMd5Hash(passwordOrHash) ? passwordOrHash : Hash(userName, passwordOrHash), salt);
    }

    /// <summary>
    /// Checks a client's MD5 response against a stored secret, in constant time. The secret is a plaintext
    /// password or an MD5 hash; a SCRAM verifier cannot do MD5 and always yields false (check
    /// <see cref="CanVerify"/> first and run SCRAM instead, as PostgreSQL does).
    /// </summary>
    /// <param name="storedSecret">The configured secret: a password, an MD5 hash or a SCRAM verifier.</param>
    /// <param name="userName">The user name as sent in the startup packet.</param>
    /// <param name="salt">The 4-byte salt sent in AuthenticationMD5Password.</param>
    /// <param name="clientResponse">The PasswordMessage payload without its terminating null byte.</param>
    public static bool Verify(string storedSecret, string userName, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> clientResponse)
    {
        ArgumentNullException.ThrowIfNull(storedSecret);
        return CanVerify(storedSecret) && VerifyResponse(storedSecret, userName, salt, clientResponse);
    }

    /// <summary>False for a secret MD5 cannot use: a SCRAM verifier.</summary>
    public static bool CanVerify(string storedSecret) => !ScramVerifier.TryParse(storedSecret, out _);

    // storedSecret is known to be a plaintext password or an MD5 hash.
    internal static bool VerifyResponse(string storedSecret, string userName, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> clientResponse)
    {
        string expected = ComputeResponse(userName, storedSecret, salt);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), clientResponse);
    }

    internal static string Hash(ReadOnlySpan<byte> userName, ReadOnlySpan<byte> password)
    {
        byte[] input = [.. password, .. userName];
        return Prefix + Convert.ToHexStringLower(MD5.HashData(input));
    }

    private static string SaltHash(string hash, ReadOnlySpan<byte> salt)
    {
        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"The MD5 salt must be {SaltLength} bytes.", nameof(salt));
        }

        byte[] input = [.. Encoding.ASCII.GetBytes(hash, Prefix.Length, HashLength - Prefix.Length), .. salt];
        return Prefix + Convert.ToHexStringLower(MD5.HashData(input));
    }
}
