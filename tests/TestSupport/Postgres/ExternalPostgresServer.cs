using Npgsql;

namespace HtapRouter.TestSupport.Postgres;

/// <summary>
/// An existing server named by <c>HTAP_TEST_PG</c>. It is checked but never stopped; disposing it drops the
/// databases the tests created there.
/// </summary>
public sealed class ExternalPostgresServer : PostgresServer
{
    private ExternalPostgresServer(NpgsqlConnectionStringBuilder template)
        : base(template)
    {
    }

    public override PostgresServerKind Kind => PostgresServerKind.External;

    internal static async Task<ExternalPostgresServer> ConnectAsync(
        string connectionString, PostgresServerOptions options, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder template;
        try
        {
            template = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{PostgresServerOptions.ExternalServerVariable} is not a valid connection string: {e.Message}", e);
        }

        if (string.IsNullOrEmpty(template.Host) || string.IsNullOrEmpty(template.Username) || string.IsNullOrEmpty(template.Password))
        {
            throw new InvalidOperationException(
                $"{PostgresServerOptions.ExternalServerVariable} must give Host, Username and Password: the tests use password authentication.");
        }

        var server = new ExternalPostgresServer(template);
        try
        {
            await server.CheckAsync(options, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"Cannot use the {PostgresServerOptions.ExternalServerVariable} server at {server.Host}:{server.Port}: {e.Message}", e);
        }

        return server;
    }

    /// <summary>Drops, best effort, the databases the tests created, with any inactive replication slots in them.</summary>
    public override async ValueTask DisposeAsync()
    {
        foreach (var database in CreatedDatabases)
        {
            try
            {
                await ExecuteAsync(
                    $"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '{database.Replace("'", "''", StringComparison.Ordinal)}' AND NOT active");
                await ExecuteAsync($"DROP DATABASE IF EXISTS {QuoteIdentifier(database)} WITH (FORCE)");
            }
            catch (NpgsqlException)
            {
                // A leftover database on a developer's own server is untidy, not a test failure.
            }
        }
    }

    /// <summary>Fails, naming every problem at once, unless the server can run logical replication tests.</summary>
    private async Task CheckAsync(PostgresServerOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken: cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT current_setting('wal_level'),
                   current_setting('max_replication_slots')::int,
                   current_setting('max_wal_senders')::int,
                   rolsuper OR (rolreplication AND rolcreatedb)
            FROM pg_roles WHERE rolname = current_user
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var problems = new List<string>();
        if (reader.GetString(0) != "logical")
        {
            problems.Add($"wal_level is '{reader.GetString(0)}', not 'logical' (ALTER SYSTEM SET wal_level = logical, then restart)");
        }

        if (reader.GetInt32(1) < options.MaxReplicationSlots)
        {
            problems.Add($"max_replication_slots is {reader.GetInt32(1)}, below {options.MaxReplicationSlots}");
        }

        if (reader.GetInt32(2) < options.MaxWalSenders)
        {
            problems.Add($"max_wal_senders is {reader.GetInt32(2)}, below {options.MaxWalSenders}");
        }

        if (!reader.GetBoolean(3))
        {
            problems.Add($"role '{Username}' is neither a superuser nor allowed to both replicate and create databases");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {PostgresServerOptions.ExternalServerVariable} server at {Host}:{Port} cannot run these tests: {string.Join("; ", problems)}.");
        }
    }
}
