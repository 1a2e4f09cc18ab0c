using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HtapRouter.PgWire.Auth;
using HtapRouter.PgWire.Client;
using HtapRouter.PgWire.Server;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.PgWire.Tests.Server;

/// <summary>Users known to the relay test servers, and ways to start relays in front of the fixture's PostgreSQL.</summary>
internal static class RelayUsers
{
    public const string ScramUser = "alice";
    public const string ScramPassword = "alice-s3cret";
    public const string Md5User = "bob";
    public const string Md5Password = "bob-s3cret";

    /// <summary>alice has a SCRAM verifier, bob an md5 hash: each can log in only with the method that fits.</summary>
    public static IPgUserStore Store { get; } = InMemoryPgUserStore.FromSecrets(
    [
        new(ScramUser, ScramVerifier.Create(ScramPassword).ToString()),
        new(Md5User, HtapRouter.PgWire.Auth.Md5Password.Hash(Md5User, Md5Password)),
    ]);

    public static RelayTestServer Start(PostgresServer postgres, PgAuthMethod method, X509Certificate2? certificate = null,
        int maxMessageLength = 256 * 1024 * 1024) =>
        RelayTestServer.Start(
            new PgServerOptions { Certificate = certificate, MaxMessageLength = maxMessageLength },
            method == PgAuthMethod.Trust ? PgAuthenticator.Trust : new PgAuthenticator(method, Store),
            new PgClientOptions { Host = postgres.Host, Port = postgres.Port, User = postgres.Username, Password = postgres.Password });

    public static PgEndpoint Endpoint(RelayTestServer relay, string user, string password, string database) =>
        new("127.0.0.1", relay.Port, user, password, database);

    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Export and re-import so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
