using System.Text;
using DotNet.Testcontainers.Configurations;
using Npgsql;
using Testcontainers.PostgreSql;

namespace HtapRouter.TestSupport.Postgres;

/// <summary>A throw-away server in a Docker container, used when no local server binaries are installed.</summary>
public sealed class ContainerPostgresServer : PostgresServer
{
    private const int ServerPort = 5432;
    private const string HbaFile = "/etc/htap/pg_hba.conf";

    // The image's own pg_hba admits replication only from inside the container; tests replicate from the host.
    private const string HbaRules =
        """
        local all all trust
        host all all all scram-sha-256
        host replication all all scram-sha-256

        """;

    private readonly PostgreSqlContainer _container;

    private ContainerPostgresServer(PostgreSqlContainer container, NpgsqlConnectionStringBuilder template)
        : base(template) => _container = container;

    public override PostgresServerKind Kind => PostgresServerKind.Container;

    internal static async Task<ContainerPostgresServer> StartAsync(PostgresServerOptions options, CancellationToken cancellationToken)
    {
        var password = NewPassword();
        var settings = ServerSettings.For(options).Append(new("hba_file", HbaFile));
        var container = new PostgreSqlBuilder(options.ContainerImage)
            .WithUsername("postgres")
            .WithPassword(password)
            .WithResourceMapping(
                Encoding.UTF8.GetBytes(HbaRules),
                HbaFile,
                fileMode: UnixFileModes.UserRead | UnixFileModes.UserWrite | UnixFileModes.GroupRead | UnixFileModes.OtherRead)
            .WithCommand([.. settings.SelectMany(setting => new[] { "-c", $"{setting.Key}={setting.Value}" })])
            .Build();
        try
        {
            await container.StartAsync(cancellationToken);
            return new ContainerPostgresServer(container, new NpgsqlConnectionStringBuilder
            {
                Host = container.Hostname,
                Port = container.GetMappedPublicPort(ServerPort),
                Username = "postgres",
                Password = password,
                Database = "postgres",
            });
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    public override ValueTask DisposeAsync() => _container.DisposeAsync();
}
