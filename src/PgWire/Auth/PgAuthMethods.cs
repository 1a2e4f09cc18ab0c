namespace HtapRouter.PgWire.Auth;

public static class PgAuthMethods
{
    /// <summary>
    /// The exchange to run for a user under the configured method, as PostgreSQL's CheckPWChallengeAuth
    /// decides it. Only <see cref="PgAuthMethod.Md5"/> changes: a SCRAM verifier cannot answer MD5, so that
    /// user gets SCRAM; an MD5 hash or a plaintext password gets MD5; an unknown user gets what
    /// <paramref name="passwordEncryption"/> names, so that the choice does not reveal whether the user exists.
    /// </summary>
    /// <param name="configured">The method configured for the connection.</param>
    /// <param name="credential">The user's credential; null for an unknown user.</param>
    /// <param name="passwordEncryption">
    /// What most users' secrets are, like PostgreSQL's password_encryption: <see cref="PgAuthMethod.ScramSha256"/>
    /// (the default) or <see cref="PgAuthMethod.Md5"/>.
    /// </param>
    /// <remarks>
    /// Under <see cref="PgAuthMethod.ScramSha256"/> a user with an MD5 hash still gets SCRAM, which fails:
    /// pass a null verifier to <see cref="ScramServerExchange"/> (see <see cref="PgCredential.TryGetScramVerifier"/>).
    /// </remarks>
    public static PgAuthMethod Select(PgAuthMethod configured, PgCredential? credential, PgAuthMethod passwordEncryption = PgAuthMethod.ScramSha256)
    {
        if (passwordEncryption is not (PgAuthMethod.Md5 or PgAuthMethod.ScramSha256))
        {
            throw new ArgumentOutOfRangeException(nameof(passwordEncryption), passwordEncryption, "Must be Md5 or ScramSha256.");
        }

        if (configured != PgAuthMethod.Md5)
        {
            return configured;
        }

        return credential is null ? passwordEncryption
            : credential.SupportsMd5 ? PgAuthMethod.Md5
            : PgAuthMethod.ScramSha256;
    }
}
