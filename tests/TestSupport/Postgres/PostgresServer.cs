using System.Collections.Concurrent;
using System.Security.Cryptography;
using Npgsql;

namespace HtapRouter.TestSupport.Postgres;

/// <summary>
/// A real PostgreSQL server for tests, reached over TCP as a superuser with password (SCRAM) authentication.
/// Start one with <see cref="AcquireAsync"/> or through <see cref="PostgresFixture"/>.
/// </summary>
public abstract partial class PostgresServer : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder _template;
    private readonly ConcurrentQueue<string> _createdDatabases = new();

    /// <param name="template">Host, port, credentials and admin database; pooling is turned off (see <see cref="PgEndpoint.ConnectionString"/>).</param>
    private protected PostgresServer(NpgsqlConnectionStringBuilder template)
    {
        _template = new NpgsqlConnectionStringBuilder(template.ConnectionString) { Pooling = false };
        Host = _template.Host ?? throw new ArgumentException("The connection string names no host.", nameof(template));
        Port = _template.Port;
        Username = _template.Username ?? throw new ArgumentException("The connection string names no user.", nameof(template));
        Password = _template.Password ?? throw new ArgumentException("The connection string has no password.", nameof(template));
        AdminDatabase = _template.Database ?? "postgres";
    }

    public abstract PostgresServerKind Kind { get; }

    public string Host { get; }

    public int Port { get; }

    /// <summary>A superuser, or for an external server a role that may create databases and replicate.</summary>
    public string Username { get; }

    public string Password { get; }

    /// <summary>The database used when none is named; it exists before any test runs.</summary>
    public string AdminDatabase { get; }

    public string AdminConnectionString => ConnectionString(AdminDatabase);

    /// <summary>Databases made by <see cref="CreateDatabaseAsync"/>, oldest first.</summary>
    private protected IEnumerable<string> CreatedDatabases => _createdDatabases;

    /// <summary>An Npgsql connection string for <paramref name="database"/> (default: the admin database), unpooled.</summary>
    public string ConnectionString(string? database = null) =>
        new NpgsqlConnectionStringBuilder(_template.ConnectionString) { Database = database ?? AdminDatabase }.ConnectionString;

    /// <summary>The same server and credentials for client programs such as psql and pgbench.</summary>
    public PgEndpoint Endpoint(string? database = null) => new(Host, Port, Username, Password, database ?? AdminDatabase);

    public async Task<NpgsqlConnection> OpenConnectionAsync(string? database = null, CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString(database));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates an empty database so a test works in isolation from the others sharing this server,
    /// and returns its name: <paramref name="name"/>, or a fresh <c>test_…</c> name when null.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        name ??= "test_" + RandomNumberGenerator.GetHexString(16, lowercase: true);
        await ExecuteAsync($"CREATE DATABASE {QuoteIdentifier(name)}", cancellationToken: cancellationToken);
        _createdDatabases.Enqueue(name);
        return name;
    }

    /// <summary>Runs SQL in <paramref name="database"/> (default: the admin database) and returns the rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql, string? database = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(database, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a query in <paramref name="database"/> and returns the first column of its first row.</summary>
    public async Task<T> ScalarAsync<T>(string sql, string? database = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(database, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is T typed
            ? typed
            : throw new InvalidOperationException($"'{sql}' returned {(value is null ? "no row" : value is DBNull ? "NULL" : value)}, not a {typeof(T).Name}.");
    }

    public abstract ValueTask DisposeAsync();

    public override string ToString() => $"{Kind} PostgreSQL at {Host}:{Port}";

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A password for a throw-away server: random, so that a test cannot pass by guessing it.</summary>
    internal static string NewPassword() => RandomNumberGenerator.GetHexString(32, lowercase: true);
}
