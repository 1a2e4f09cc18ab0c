using HtapRouter.TestSupport.Postgres.Local;

namespace HtapRouter.TestSupport.Postgres;

public abstract partial class PostgresServer
{
    /// <summary>
    /// Gets a server with wal_level=logical, trying in order: the external server named by
    /// <see cref="PostgresServerOptions.ExternalConnectionString"/> (HTAP_TEST_PG); a throw-away local cluster when
    /// server binaries are installed; a throw-away Docker container when a Docker engine answers. Fails saying what
    /// to install when none is available. Dispose the server to stop and remove what was started.
    /// </summary>
    public static async Task<PostgresServer> AcquireAsync(PostgresServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PostgresServerOptions();
        options.Validate();
        if (options.ExternalConnectionString is { } connectionString)
        {
            return await ExternalPostgresServer.ConnectAsync(connectionString, options, cancellationToken);
        }

        if (await PostgresBinaries.FindServerBinDirectoryAsync() is not null)
        {
            return await LocalPostgresCluster.CreateAsync(options, cancellationToken);
        }

        if (await DockerEngine.IsAvailableAsync(cancellationToken))
        {
            return await ContainerPostgresServer.AcquireAsync(options, cancellationToken);
        }

        throw new InvalidOperationException(
            "No PostgreSQL server for tests: no server binaries were found (pg_config --bindir, /usr/lib/postgresql/*/bin) " +
            "and no Docker engine answered. Install PostgreSQL (for example 'apt-get install postgresql'), start Docker, " +
            $"or set {PostgresServerOptions.ExternalServerVariable} to the connection string of a server with wal_level=logical.");
    }
}
