using System.Net;
using System.Security.Cryptography.X509Certificates;
using HtapRouter.PgWire.Auth;

namespace HtapRouter.PgWire.Server;

/// <summary>
/// Turns the settings every PostgreSQL-protocol server here takes (listen address, users and their method, a PEM
/// certificate) into what <see cref="PgListener"/> and <see cref="PgServerConnection"/> need, so the analytic node
/// and the router read them the same way.
/// </summary>
public static class PgServerSettings
{
    /// <summary>The names a configuration may give a method: scram-sha-256 (or scram), md5, password, trust.</summary>
    public const string AuthMethodNames = "scram-sha-256, md5, password, trust";

    /// <summary>Reads a method name as PostgreSQL's pg_hba.conf spells it, in any case.</summary>
    public static bool TryParseAuthMethod(string name, out PgAuthMethod method)
    {
        ArgumentNullException.ThrowIfNull(name);
        (var known, method) = name.ToLowerInvariant() switch
        {
            "scram-sha-256" or "scram" => (true, PgAuthMethod.ScramSha256),
            "md5" => (true, PgAuthMethod.Md5),
            "password" => (true, PgAuthMethod.Cleartext),
            "trust" => (true, PgAuthMethod.Trust),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>
    /// The authenticator for configured users and secrets (plaintext, md5 hash or SCRAM verifier): none, or the
    /// trust method, trusts every client.
    /// </summary>
    public static PgAuthenticator CreateAuthenticator(PgAuthMethod method, IReadOnlyDictionary<string, string> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        return users.Count == 0 || method == PgAuthMethod.Trust
            ? PgAuthenticator.Trust
            : new PgAuthenticator(method, InMemoryPgUserStore.FromSecrets(users));
    }

    /// <summary>The PEM certificate and key to offer TLS with, or null when none is configured.</summary>
    public static X509Certificate2? LoadCertificate(string? certificatePath, string? keyPath) =>
        certificatePath is null ? null : X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

    /// <summary>A listen address: "*" or "0.0.0.0" for every IPv4 interface, "::" for all, "localhost", or one address.</summary>
    public static IPAddress ParseListenAddress(string address) => address switch
    {
        "*" or "0.0.0.0" => IPAddress.Any,
        "::" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.Parse(address),
    };
}
