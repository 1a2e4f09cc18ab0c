using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HtapRouter.TestSupport.Clients;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Hosting;

/// <summary>TLS on a real node with a PEM certificate and key, through psql and Npgsql.</summary>
public sealed class NodeTlsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"htap-node-tls-{Guid.NewGuid():N}");
    private string? _thumbprint;

    public NodeTlsTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Psql_SslModeRequireWithCertificate_ConnectsOverSsl()
    {
        await using var node = await NodeHost.CreateAsync(settings: CertificateSettings());

        var result = await Psql.RunAsync(
            node.Endpoint(database: "dbname=postgres sslmode=require"), ["-X", "-A", "-t", "-c", "select 1", "-c", @"\conninfo"]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = result.StandardOutput.Split('\n');
        Assert.Equal("1", lines[0]);
        Assert.Contains(lines, line => line.StartsWith("SSL connection (protocol: TLS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Npgsql_SslModeRequireWithCertificate_RunsQueryOverTls()
    {
        await using var node = await NodeHost.CreateAsync(settings: CertificateSettings());
        var pinned = false;
        var builder = new NpgsqlDataSourceBuilder(
            new NpgsqlConnectionStringBuilder(node.Endpoint().ConnectionString) { SslMode = SslMode.Require }.ConnectionString);
        builder.UseSslClientAuthenticationOptionsCallback(options => options.RemoteCertificateValidationCallback =
            (_, certificate, _, _) => pinned = certificate?.GetCertHashString() == _thumbprint);
        await using var source = builder.Build();
        await using var connection = await source.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select 41 + 1", connection);

        Assert.Equal(42, await command.ExecuteScalarAsync());
        Assert.True(pinned, "the server did not present the configured certificate over TLS");
    }

    [Fact]
    public async Task Psql_SslModeRequireWithoutCertificate_FailsServerDoesNotSupportSsl()
    {
        await using var node = await NodeHost.CreateAsync();

        var result = await Psql.RunAsync(
            node.Endpoint(database: "dbname=postgres sslmode=require"), ["-X", "-A", "-t", "-c", "select 1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("server does not support SSL", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Writes a fresh self-signed certificate and its key as PEM files and names them in node settings.</summary>
    private Dictionary<string, string?> CertificateSettings()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _thumbprint = certificate.Thumbprint;
        var certificatePath = Path.Combine(_directory, "server.crt");
        var keyPath = Path.Combine(_directory, "server.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new() { ["Node:CertificatePath"] = certificatePath, ["Node:CertificateKeyPath"] = keyPath };
    }
}
