using Npgsql;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// Connections to the primary that all read in the slot's exported snapshot, one COPY stream each: every one
/// imports the same snapshot (SET TRANSACTION SNAPSHOT), so the slices of a table they copy together form one
/// consistent table. The snapshot stays importable while the replication connection that exported it stays idle.
/// </summary>
internal sealed class SnapshotReaders : IAsyncDisposable
{
    private readonly List<NpgsqlConnection> _connections = [];
    private readonly List<NpgsqlTransaction> _transactions = [];

    private SnapshotReaders()
    {
    }

    public IReadOnlyList<NpgsqlConnection> Connections => _connections;

    /// <summary>The transaction's settings under which values print the way DuckDB reads them back.</summary>
    public const string Settings = "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO'; SET LOCAL extra_float_digits = 3";

    /// <summary>Opens <paramref name="count"/> connections, each in a transaction on <paramref name="snapshot"/>.</summary>
    public static async Task<SnapshotReaders> OpenAsync(string primary, string snapshot, int count, CancellationToken cancellationToken)
    {
        var readers = new SnapshotReaders();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var connection = new NpgsqlConnection(primary);
                readers._connections.Add(connection);
                await connection.OpenAsync(cancellationToken);
                readers._transactions.Add(await JoinAsync(connection, snapshot, cancellationToken));
            }

            return readers;
        }
        catch
        {
            await readers.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a repeatable-read transaction on <paramref name="snapshot"/>, with the settings under which values print
    /// the way DuckDB reads them back (UTC, ISO dates, floats with all their digits).
    /// </summary>
    public static async Task<NpgsqlTransaction> JoinAsync(NpgsqlConnection connection, string snapshot, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                $"SET TRANSACTION SNAPSHOT '{snapshot}'; {Settings}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transaction in _transactions)
        {
            await transaction.DisposeAsync();
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
