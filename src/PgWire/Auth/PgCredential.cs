using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace HtapRouter.PgWire.Auth;

/// <summary>A user's stored secret, classified as PostgreSQL's get_password_type does. Immutable and thread-safe.</summary>
public sealed class PgCredential
{
    private readonly ScramVerifier? _parsedVerifier;
    private ScramVerifier? _derivedVerifier;

    private PgCredential(PgCredentialKind kind, string secret, ScramVerifier? verifier)
    {
        Kind = kind;
        Secret = secret;
        _parsedVerifier = verifier;
    }

    public PgCredentialKind Kind { get; }

    /// <summary>The secret as configured: a password, an MD5 hash or a verifier's pg_authid text.</summary>
    public string Secret { get; }

    /// <summary>
    /// Classifies a configured secret: "md5" + 32 lowercase hex digits is an MD5 hash, a parseable
    /// "SCRAM-SHA-256$..." is a verifier, and anything else is a plaintext password.
    /// </summary>
    public static PgCredential FromSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (Md5Password.IsMd5Hash(secret))
        {
            return new PgCredential(PgCredentialKind.Md5Hash, secret, null);
        }

        return ScramVerifier.TryParse(secret, out ScramVerifier? verifier)
            ? new PgCredential(PgCredentialKind.ScramSha256, secret, verifier)
            : new PgCredential(PgCredentialKind.Plaintext, secret, null);
    }

    public static PgCredential FromScramVerifier(ScramVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return new PgCredential(PgCredentialKind.ScramSha256, verifier.ToString(), verifier);
    }

    /// <summary>Whether MD5 authentication can check this secret; a SCRAM verifier cannot.</summary>
    public bool SupportsMd5 => Kind != PgCredentialKind.ScramSha256;

    /// <summary>
    /// The verifier for SCRAM authentication: the stored one, or for a plaintext password one derived once
    /// (random salt, <see cref="ScramVerifier.DefaultIterations"/>) and reused. False for an MD5 hash, which
    /// cannot do SCRAM: run the exchange with a null verifier so that it fails like a wrong password.
    /// </summary>
    public bool TryGetScramVerifier([NotNullWhen(true)] out ScramVerifier? verifier)
    {
        verifier = Kind switch
        {
            PgCredentialKind.ScramSha256 => _parsedVerifier,
            PgCredentialKind.Plaintext => LazyInitializer.EnsureInitialized(ref _derivedVerifier, () => ScramVerifier.Create(Secret)),
            _ => null,
        };
        return verifier is not null;
    }

    /// <summary>Checks an AuthenticationMD5Password response (PasswordMessage payload without its null byte).</summary>
    /// <returns>False for a wrong response, and always for a SCRAM verifier.</returns>
    public bool VerifyMd5Response(string userName, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> response)
        => SupportsMd5 && Md5Password.VerifyResponse(Secret, userName, salt, response);

    /// <summary>
    /// Checks a password sent in clear (AuthenticationCleartextPassword; PasswordMessage payload without its
    /// null byte) against any kind of secret, as PostgreSQL's plain_crypt_verify.
    /// </summary>
    public bool VerifyCleartextPassword(string userName, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return Kind switch
        {
            PgCredentialKind.ScramSha256 => _parsedVerifier!.VerifyPassword(password),
            PgCredentialKind.Md5Hash => CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Md5Password.Hash(Encoding.UTF8.GetBytes(userName), password)),
                Encoding.ASCII.GetBytes(Secret)),
            _ => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Secret), password),
        };
    }

    /// <summary>The kind only: a credential never prints its secret.</summary>
    public override string ToString() => $"{Kind} credential";
}
