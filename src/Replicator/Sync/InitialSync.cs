using DuckDB.NET.Data;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Primary;
using HtapRouter.Replicator.Schema;
using Npgsql;
using Npgsql.Replication;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// The initial copy, consistent with the stream that follows it: the slot is created first, exporting a
/// snapshot, every published table is copied inside that snapshot, and streaming starts at the slot's
/// consistent point. Nothing committed before the snapshot is streamed again and nothing after it is missed.
/// All tables and the position are committed to DuckDB in one transaction, so a crash leaves no partial table:
/// the next start sees the copy unfinished and starts it over, slot included.
/// </summary>
internal sealed class InitialSync
{
    private readonly string _primary;
    private readonly string _publication;
    private readonly string _slot;
    private readonly PrimaryCatalog _catalog;
    private readonly SyncProgressReporter _progress;

    public InitialSync(string primary, string publication, string slot, PrimaryCatalog catalog, SyncProgressReporter progress)
    {
        _primary = primary;
        _publication = publication;
        _slot = slot;
        _catalog = catalog;
        _progress = progress;
    }

    public async Task<ReplicationState> RunAsync(DuckDBConnection duck, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_primary);
        await connection.OpenAsync(cancellationToken);
        await DropSlotIfPresentAsync(connection, cancellationToken);
        DropPartialTables(duck);

        await using var replication = new LogicalReplicationConnection(_primary);
        await replication.Open(cancellationToken);
        var slot = await replication.CreatePgOutputReplicationSlot(_slot, temporarySlot: false,
            slotSnapshotInitMode: LogicalSlotSnapshotInitMode.Export, cancellationToken: cancellationToken);

        var snapshot = slot.SnapshotName ?? throw new InvalidOperationException("The replication slot exported no snapshot to copy in.");
        await using var transaction = await SnapshotReaders.JoinAsync(connection, snapshot, cancellationToken);
        await using var readers = await SnapshotReaders.OpenAsync(_primary, snapshot, TableSlices.Streams - 1, cancellationToken);
        IReadOnlyList<NpgsqlConnection> sources = [connection, .. readers.Connections];

        var tables = await PublishedTablesAsync(connection, cancellationToken);
        using var duckTransaction = duck.BeginTransaction();
        foreach (var (relationId, estimate) in tables)
        {
            var table = await _catalog.LoadTableAsync(connection, relationId, cancellationToken);
            SchemaApplier.Apply(duck, table);
            var slices = await TableSlices.PlanAsync(connection, relationId, sources.Count, cancellationToken);
            await TableCopy.CopyAsync(sources, duck, table, slices, estimate, _progress, cancellationToken);
        }

        var state = new ReplicationState((ulong)slot.ConsistentPoint, null, Synced: true);
        ReplicationStateStore.Write(duck, _slot, state);
        duckTransaction.Commit();
        _progress.Done(tables.Count, (ulong)slot.ConsistentPoint);
        return state;
    }

    private async Task<List<(uint RelationId, long Estimate)>> PublishedTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT c.oid, GREATEST(c.reltuples, 0)::bigint
            FROM pg_publication_tables p
            JOIN pg_namespace n ON n.nspname = p.schemaname
            JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = p.tablename
            WHERE p.pubname = $1
            ORDER BY p.schemaname, p.tablename
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = _publication });
        var tables = new List<(uint, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add((reader.GetFieldValue<uint>(0), reader.GetInt64(1)));
        }

        return tables;
    }

    private async Task DropSlotIfPresentAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = _slot });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Tables left by a copy that did not finish are dropped, to be copied again whole.</summary>
    private static void DropPartialTables(DuckDBConnection duck)
    {
        var tables = new List<string>();
        using (var command = duck.CreateCommand())
        {
            command.CommandText = $"SELECT DISTINCT schema_name, table_name FROM {ReplicationStateStore.Schema}.column_types";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add($"{ReplicatedTable.Quote(reader.GetString(0))}.{ReplicatedTable.Quote(reader.GetString(1))}");
            }
        }

        foreach (var table in tables)
        {
            ReplicationStateStore.Execute(duck, $"DROP TABLE IF EXISTS {table}");
        }

        ReplicationStateStore.Execute(duck, $"DELETE FROM {ReplicationStateStore.Schema}.column_types");
        ReplicationStateStore.Execute(duck, $"DELETE FROM {ReplicationStateStore.Schema}.table_keys");
        ReplicationStateStore.Execute(duck, $"DELETE FROM {ReplicationStateStore.Schema}.sync_progress");
        ReplicationStateStore.Execute(duck, $"DELETE FROM {ReplicationStateStore.Schema}.table_sync");
        ReplicationStateStore.Execute(duck, $"DELETE FROM {ReplicationStateStore.Schema}.relations");
        ReplicationStateStore.Execute(duck, $"DELETE FROM {ReplicationStateStore.Schema}.table_recopy");
    }
}
