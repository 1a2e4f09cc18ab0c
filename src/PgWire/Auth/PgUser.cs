namespace HtapRouter.PgWire.Auth;

/// <summary>A user a server authenticates, with the secret it checks.</summary>
public sealed record PgUser(string Name, PgCredential Credential)
{
    /// <summary>A user from configuration: <paramref name="secret"/> is a password, an MD5 hash or a SCRAM verifier.</summary>
    public static PgUser FromSecret(string name, string secret) => new(name, PgCredential.FromSecret(secret));
}
