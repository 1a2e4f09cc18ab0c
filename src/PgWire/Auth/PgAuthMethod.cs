namespace HtapRouter.PgWire.Auth;

/// <summary>Client authentication methods, named after pg_hba.conf's.</summary>
public enum PgAuthMethod
{
    /// <summary>trust: no password.</summary>
    Trust,

    /// <summary>password: the password in clear (AuthenticationCleartextPassword).</summary>
    Cleartext,

    /// <summary>md5: AuthenticationMD5Password, or SCRAM for a user who has a SCRAM verifier.</summary>
    Md5,

    /// <summary>scram-sha-256: AuthenticationSASL with SCRAM-SHA-256.</summary>
    ScramSha256,
}
