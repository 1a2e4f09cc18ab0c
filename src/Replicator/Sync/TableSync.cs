using DuckDB.NET.Data;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Primary;
using Npgsql;
using Npgsql.Replication;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// Copies one table that appeared after the initial copy (added to the publication, or created), consistently
/// with the stream, the way PostgreSQL's own table synchronisation does it but without a second stream:
/// <list type="number">
/// <item>A temporary slot is created only for its exported snapshot and consistent point C. Creating it waits
/// for every transaction then running, and the publication change that added the table committed before it:
/// so every transaction that commits at or after C began after the table was published, and the stream sends
/// all its changes to the table.</item>
/// <item>The table is copied in that snapshot, and committed to DuckDB with C in htap_meta.table_sync.</item>
/// <item>The stream, which is behind C, then drops the table's changes from transactions that committed
/// before C (the copy has them) and applies those from transactions that commit at or after C (it does not).</item>
/// </list>
/// The copy, the table and C commit together: a crash before leaves no trace and the table is copied again;
/// after, the restarted stream finds C in DuckDB. Until the stream reaches C, the table shows a later state
/// than the others, as a table being synchronised does in PostgreSQL's own logical replication.
/// A table the node already has, marked to be copied again (see Apply.TableCopyRequiredException), is replaced by the
/// copy the same way, in the same transaction.
/// </summary>
internal sealed class TableSync
{
    private readonly string _primary;
    private readonly string _slot;
    private readonly PrimaryCatalog _catalog;
    private readonly Func<SyncProgressReporter> _reporter;

    public TableSync(string primary, string slot, PrimaryCatalog catalog, Func<SyncProgressReporter> reporter)
    {
        _primary = primary;
        _slot = slot;
        _catalog = catalog;
        _reporter = reporter;
    }

    /// <summary>Copies the table and returns C; the table is created only if it still exists in the snapshot.</summary>
    public async Task<ulong> RunAsync(DuckDBConnection duck, uint relationId, string schema, string name, CancellationToken cancellationToken)
    {
        await using var replication = new LogicalReplicationConnection(_primary);
        await replication.Open(cancellationToken);
        var slot = await replication.CreatePgOutputReplicationSlot($"{_slot}_sync_{relationId}", temporarySlot: true,
            slotSnapshotInitMode: LogicalSlotSnapshotInitMode.Export, cancellationToken: cancellationToken);
        var consistentPoint = (ulong)slot.ConsistentPoint;

        await using var connection = new NpgsqlConnection(_primary);
        await connection.OpenAsync(cancellationToken);
        var snapshot = slot.SnapshotName ?? throw new InvalidOperationException("The replication slot exported no snapshot to copy in.");
        await using var transaction = await SnapshotReaders.JoinAsync(connection, snapshot, cancellationToken);

        using var reporter = _reporter();
        using var duckTransaction = duck.BeginTransaction();
        SchemaApplier.Discard(duck, relationId);
        if (await ExistsAsync(connection, relationId, cancellationToken))
        {
            var table = await _catalog.LoadTableAsync(connection, relationId, cancellationToken);
            SchemaApplier.Apply(duck, table);
            var slices = await TableSlices.PlanAsync(connection, relationId, TableSlices.Streams, cancellationToken);
            await using var readers = await SnapshotReaders.OpenAsync(_primary, snapshot, slices.Count - 1, cancellationToken);
            await TableCopy.CopyAsync([connection, .. readers.Connections], duck, table, slices,
                await EstimateAsync(connection, relationId, cancellationToken), reporter, cancellationToken);
        }

        ReplicationStateStore.WriteTableSync(duck, relationId, schema, name, consistentPoint);
        duckTransaction.Commit();
        return consistentPoint;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, uint relationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_class WHERE oid = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relationId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> EstimateAsync(NpgsqlConnection connection, uint relationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relationId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
