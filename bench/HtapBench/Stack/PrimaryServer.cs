using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Postgres.Local;
using Npgsql;

namespace HtapRouter.Bench.Stack;

/// <summary>
/// The private primary: a throw-away PostgreSQL cluster (TestSupport's, run as the postgres account when root) on a
/// free loopback port, with the benchmark's database <c>bench</c> and the settings listed in <see cref="Settings"/>.
/// </summary>
public sealed class PrimaryServer : IAsyncDisposable
{
    public const string Database = "bench";

    /// <summary>
    /// Settings beyond the fixture's (wal_level=logical, fsync and full_page_writes off: the data is thrown away).
    /// synchronous_commit goes back on, so a commit's WAL is written before the commit returns and logical decoding
    /// sees it at once: the fixture's 'off' would add up to a few WAL-writer delays to every freshness sample.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["synchronous_commit"] = "on",
        ["shared_buffers"] = "1GB",
        ["work_mem"] = "64MB",
        ["maintenance_work_mem"] = "512MB",
        ["max_wal_size"] = "8GB",
        ["checkpoint_timeout"] = "30min",
        ["max_connections"] = "400",
        ["max_parallel_workers_per_gather"] = "2",
    };

    private readonly LocalPostgresCluster _cluster;

    private PrimaryServer(LocalPostgresCluster cluster) => _cluster = cluster;

    public string Host => _cluster.Host;

    public int Port => _cluster.Port;

    public string Username => _cluster.Username;

    public string Password => _cluster.Password;

    public string DataDirectory => _cluster.DataDirectory;

    /// <summary>The bench database, for psql and pgbench.</summary>
    public PgEndpoint Endpoint => _cluster.Endpoint(Database);

    /// <summary>An Npgsql connection string for the bench database, unpooled.</summary>
    public string ConnectionString => _cluster.ConnectionString(Database);

    public static async Task<PrimaryServer> StartAsync(WorkDirectory work, CancellationToken cancellationToken)
    {
        var cluster = await LocalPostgresCluster.CreateAsync(
            new PostgresServerOptions { TemporaryRoot = work.Root, Settings = Settings }, cancellationToken);
        try
        {
            await cluster.CreateDatabaseAsync(Database, cancellationToken);
            return new PrimaryServer(cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _cluster.OpenConnectionAsync(Database, cancellationToken);

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken = default) =>
        await _cluster.ScalarAsync<T>(sql, Database, cancellationToken);

    /// <summary>Where the primary's WAL insertion is now, the position a replica must reach to have seen every commit.</summary>
    public async Task<ulong> CurrentLsnAsync(CancellationToken cancellationToken = default) =>
        Lsn.Parse(await ScalarAsync<string>("SELECT pg_current_wal_insert_lsn()::text", cancellationToken));

    /// <summary>
    /// A login role that loopback TCP clients may use without a password (pg_hba trust), able to read the pgbench
    /// tables: the connection-per-transaction figures are also measured without SCRAM, whose client-side key
    /// derivation would otherwise bound every target alike.
    /// </summary>
    public const string TrustUser = "bench_trust";

    /// <summary>An endpoint for <see cref="TrustUser"/> at <paramref name="port"/> on loopback (this server's or a proxy's).</summary>
    public static PgEndpoint TrustEndpoint(int port) => new("127.0.0.1", port, TrustUser, string.Empty, Database);

    /// <summary>Creates <see cref="TrustUser"/>, grants it the tables of public, and trusts it on loopback TCP.</summary>
    public async Task AddTrustUserAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync($"CREATE ROLE {TrustUser} LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {TrustUser}", cancellationToken);
        var hbaFile = await ScalarAsync<string>("SELECT current_setting('hba_file')", cancellationToken);
        var rules = await File.ReadAllTextAsync(hbaFile, cancellationToken);
        await File.WriteAllTextAsync(hbaFile, $"host all {TrustUser} 127.0.0.1/32 trust\n" + rules, cancellationToken);
        await ExecuteAsync("SELECT pg_reload_conf()", cancellationToken);
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
