using DuckDB.NET.Data;

namespace HtapRouter.Replicator.Apply;

/// <summary>What the replicator keeps in DuckDB beside the data, in the same transactions as the data.</summary>
/// <param name="AppliedLsn">The primary's position up to which every change is applied.</param>
/// <param name="LastCommitTime">The primary's commit time of the last applied transaction.</param>
/// <param name="Synced">The initial copy finished; without it, a restart starts the copy over.</param>
internal sealed record ReplicationState(ulong AppliedLsn, DateTimeOffset? LastCommitTime, bool Synced);

/// <summary>
/// The replicator's own tables in DuckDB, in the schema htap_meta that the node's catalog hides: the applied
/// position per slot (replication_state), and the primary's exact column types (column_types), which the
/// node's catalog reports instead of the types derived from DuckDB's (varchar(20), not text), and the
/// initial copy's progress per table (sync_progress), which clients can query on the node while it runs, and
/// where each primary relation's table is (relations: by relation OID, so that a table renamed or moved to another
/// schema on the primary is found under its old name, also after a restart).
/// </summary>
public static class ReplicationStateStore
{
    public const string Schema = "htap_meta";

    /// <summary>Creates the tables when missing; the node calls it at start, so the catalog always finds them.</summary>
    /// <remarks>
    /// column_types has no primary key: a batch may describe a table twice (created, then altered), and DuckDB
    /// fails a commit that deletes and re-inserts a key of a unique index in one transaction, fatally for the
    /// database instance. Files made when it had one get the table rebuilt without it.
    /// </remarks>
    public static void EnsureCreated(DuckDBConnection connection)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT count(*) FROM duckdb_constraints()
                WHERE schema_name = '{Schema}' AND table_name = 'column_types' AND constraint_type = 'PRIMARY KEY'
                """;
            if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                Execute(connection, $"""
                    CREATE TABLE {Schema}.column_types_rebuilt AS SELECT * FROM {Schema}.column_types;
                    DROP TABLE {Schema}.column_types;
                    ALTER TABLE {Schema}.column_types_rebuilt RENAME TO column_types;
                    """);
            }
        }

        Execute(connection, $"""
        CREATE SCHEMA IF NOT EXISTS {Schema};
        CREATE TABLE IF NOT EXISTS {Schema}.replication_state (
            slot VARCHAR PRIMARY KEY, applied_lsn UBIGINT NOT NULL, last_commit_time TIMESTAMPTZ, synced BOOLEAN NOT NULL);
        CREATE TABLE IF NOT EXISTS {Schema}.sync_progress (
            table_name VARCHAR PRIMARY KEY, rows_copied BIGINT, estimated_rows BIGINT, rows_per_second DOUBLE,
            seconds_left DOUBLE, done BOOLEAN, updated_at TIMESTAMPTZ);
        CREATE TABLE IF NOT EXISTS {Schema}.column_types (
            schema_name VARCHAR, table_name VARCHAR, column_name VARCHAR, ordinal INTEGER,
            type_oid UINTEGER, typmod INTEGER, is_key BOOLEAN);
        ALTER TABLE {Schema}.column_types ADD COLUMN IF NOT EXISTS default_expr VARCHAR;
        CREATE TABLE IF NOT EXISTS {Schema}.table_keys (
            schema_name VARCHAR, table_name VARCHAR, constraint_name VARCHAR, constraint_type VARCHAR, position INTEGER, column_name VARCHAR);
        CREATE TABLE IF NOT EXISTS {Schema}.table_sync (
            schema_name VARCHAR, table_name VARCHAR, consistent_lsn UBIGINT NOT NULL);
        ALTER TABLE {Schema}.table_sync ADD COLUMN IF NOT EXISTS relation_id UINTEGER;
        CREATE TABLE IF NOT EXISTS {Schema}.relations (relation_id UINTEGER NOT NULL, schema_name VARCHAR NOT NULL, table_name VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS {Schema}.table_recopy (relation_id UINTEGER NOT NULL, reason VARCHAR, requested_at TIMESTAMPTZ);
        """);
    }

    internal static ReplicationState? Read(DuckDBConnection connection, string slot)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT applied_lsn, last_commit_time, synced FROM {Schema}.replication_state WHERE slot = $1";
        command.Parameters.Add(new DuckDBParameter(slot));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        DateTimeOffset? time = reader.IsDBNull(1) ? null : new DateTimeOffset(reader.GetDateTime(1).ToUniversalTime(), TimeSpan.Zero);
        return new ReplicationState(Convert.ToUInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), time, reader.GetBoolean(2));
    }

    /// <summary>Records the applied position; call inside the transaction that applied the changes.</summary>
    internal static void Write(DuckDBConnection connection, string slot, ReplicationState state)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT OR REPLACE INTO {Schema}.replication_state (slot, applied_lsn, last_commit_time, synced) VALUES ($1, $2, $3, $4)
            """;
        command.Parameters.Add(new DuckDBParameter(slot));
        command.Parameters.Add(new DuckDBParameter(state.AppliedLsn));
        command.Parameters.Add(new DuckDBParameter { Value = (object?)state.LastCommitTime?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new DuckDBParameter(state.Synced));
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Records that a table joining after the initial copy was copied as of <paramref name="consistentLsn"/>
    /// (see Sync.TableSync); call inside the transaction that copied it.
    /// </summary>
    internal static void WriteTableSync(DuckDBConnection connection, uint relationId, string duckSchema, string table, ulong consistentLsn)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {Schema}.table_sync (schema_name, table_name, consistent_lsn, relation_id) VALUES ($1, $2, $3, $4)";
        command.Parameters.Add(new DuckDBParameter(duckSchema));
        command.Parameters.Add(new DuckDBParameter(table));
        command.Parameters.Add(new DuckDBParameter(consistentLsn));
        command.Parameters.Add(new DuckDBParameter(relationId));
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Records, in a transaction of its own, that <paramref name="relationId"/>'s table is to be copied again: until
    /// the copy commits, the node keeps serving the table as it is, and the stream treats the relation as new (see
    /// <see cref="ReadKnownTables"/>), so the copy is made before any more of its changes are applied.
    /// </summary>
    internal static void WriteRecopy(DuckDBConnection connection, uint relationId, string reason)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {Schema}.table_recopy VALUES ($1, $2, now())";
        command.Parameters.Add(new DuckDBParameter(relationId));
        command.Parameters.Add(new DuckDBParameter(reason));
        command.ExecuteNonQuery();
    }

    /// <summary>Forgets where a relation's table is, that it was copied, and that it is to be copied again.</summary>
    internal static void ForgetRelation(DuckDBConnection connection, uint relationId)
    {
        foreach (var metadata in new[] { "relations", "table_sync", "table_recopy" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM {Schema}.{metadata} WHERE relation_id = $1";
            command.Parameters.Add(new DuckDBParameter(relationId));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Where each relation's table is in DuckDB (schema and name), by relation OID.</summary>
    internal static Dictionary<uint, (string Schema, string Table)> ReadRelations(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT relation_id, schema_name, table_name FROM {Schema}.relations";
        using var reader = command.ExecuteReader();
        var relations = new Dictionary<uint, (string, string)>();
        while (reader.Read())
        {
            relations[Convert.ToUInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] = (reader.GetString(1), reader.GetString(2));
        }

        return relations;
    }

    /// <summary>Records that <paramref name="relationId"/>'s table is now <paramref name="duckSchema"/>.<paramref name="table"/>.</summary>
    /// <remarks>No primary key, and delete then insert: see the remark on column_types in <see cref="EnsureCreated"/>.</remarks>
    internal static void WriteRelation(DuckDBConnection connection, uint relationId, string duckSchema, string table)
    {
        using (var delete = connection.CreateCommand())
        {
            delete.CommandText = $"DELETE FROM {Schema}.relations WHERE relation_id = $1";
            delete.Parameters.Add(new DuckDBParameter(relationId));
            delete.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {Schema}.relations VALUES ($1, $2, $3)";
        insert.Parameters.Add(new DuckDBParameter(relationId));
        insert.Parameters.Add(new DuckDBParameter(duckSchema));
        insert.Parameters.Add(new DuckDBParameter(table));
        insert.ExecuteNonQuery();
    }

    /// <summary>
    /// Every table the node has, by relation OID (and, for tables recorded before relations were, by DuckDB schema and
    /// name), with the position a table copied after the initial copy was copied at (0 for the others): changes to
    /// it from transactions that committed before are in the copy. A table to be copied again is left out, as new.
    /// </summary>
    internal static KnownTables ReadKnownTables(DuckDBConnection connection)
    {
        var known = new KnownTables();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT relation_id, max(consistent_lsn) FROM (
                    SELECT relation_id, 0::UBIGINT AS consistent_lsn FROM {Schema}.relations
                    UNION ALL SELECT relation_id, consistent_lsn FROM {Schema}.table_sync WHERE relation_id IS NOT NULL)
                WHERE relation_id NOT IN (SELECT relation_id FROM {Schema}.table_recopy)
                GROUP BY ALL
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                known.ByRelation[Convert.ToUInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] =
                    Convert.ToUInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT schema_name, table_name, max(consistent_lsn) FROM (
                    SELECT DISTINCT schema_name, table_name, 0::UBIGINT AS consistent_lsn FROM {Schema}.column_types
                    UNION ALL SELECT schema_name, table_name, consistent_lsn FROM {Schema}.table_sync WHERE relation_id IS NULL) t
                WHERE NOT EXISTS (SELECT 1 FROM {Schema}.relations r WHERE r.schema_name = t.schema_name AND r.table_name = t.table_name)
                GROUP BY ALL
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                known.ByName[(reader.GetString(0), reader.GetString(1))] =
                    Convert.ToUInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return known;
    }

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
