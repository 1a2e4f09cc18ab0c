namespace HtapRouter.PgWire.Auth;

/// <summary>The form a user's secret is stored in.</summary>
public enum PgCredentialKind
{
    /// <summary>The password itself (pgpool-style pool_passwd "TEXT"; PostgreSQL no longer stores these).</summary>
    Plaintext,

    /// <summary>"md5" + hex(md5(password + user)).</summary>
    Md5Hash,

    /// <summary>A SCRAM-SHA-256 verifier.</summary>
    ScramSha256,
}
