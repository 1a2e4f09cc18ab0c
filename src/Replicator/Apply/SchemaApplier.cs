using DuckDB.NET.Data;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>
/// Makes a DuckDB table match what a Relation message says of its primary table: created when new, columns
/// added, dropped, renamed and retyped, before any row that needs the new shape. The primary's own column
/// types are recorded in htap_meta.column_types.
/// </summary>
internal static partial class SchemaApplier
{
    /// <summary>
    /// Brings the DuckDB table to <paramref name="table"/>'s shape; returns what it did, for the log.
    /// <paramref name="rowsChanged"/>: the tables whose stored rows the current DuckDB transaction has updated or
    /// deleted. DuckDB cannot commit that together with an ALTER that adds, drops or retypes a column, so such a
    /// table is rebuilt in its new shape instead, as a table of the transaction's own that it may then change.
    /// </summary>
    /// <remarks>
    /// The table is the relation's, found by relation OID (htap_meta.relations): a Relation message that names it
    /// differently (ALTER TABLE ... RENAME TO, or SET SCHEMA) moves the node's table, rows and all, to the new name
    /// first. A table of another relation in the way (the old name of a table renamed since, which the stream has
    /// not named again yet) is set aside under a name of its own until its own Relation message moves it.
    /// <paramref name="maySetAside"/> says whether a relation's table may be set aside: not one copied (see
    /// Sync.TableSync) as of a position after the transaction this Relation message came in, which names the table
    /// as it was before that other table took the name; the shape then applies where the table is.
    /// </remarks>
    /// <exception cref="TableCopyRequiredException">
    /// With <paramref name="olderRowsMustBeKnown"/>, a column is added to a table that has rows, whose values for
    /// it may be ones no reading of the primary's catalog shows any more (see <see cref="ReplicatedColumn.OlderRowsUnknown"/>).
    /// </exception>
    public static string? Apply(DuckDBConnection connection, ReplicatedTable table, ISet<string>? rowsChanged = null,
        Func<uint, bool>? maySetAside = null, bool olderRowsMustBeKnown = false)
    {
        ReplicationStateStore.Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {ReplicatedTable.Quote(table.DuckSchema)}");
        var actions = new List<string>();
        var relations = ReplicationStateStore.ReadRelations(connection);
        var target = (table.DuckSchema, table.Name);
        var owned = relations.TryGetValue(table.RelationId, out var recorded);
        if (owned && recorded != target && TableExists(connection, recorded) && maySetAside is not null
            && relations.Any(r => r.Value == target && r.Key != table.RelationId && !maySetAside(r.Key)))
        {
            table = table with { Schema = recorded.Schema == "main" ? "public" : recorded.Schema, Name = recorded.Table };
            target = recorded;
        }

        if (!owned || recorded != target)
        {
            // A table at the new name that is not this relation's: another relation's, or one nobody claims while
            // this relation has a table elsewhere. Without either, it is a table recorded before relations were,
            // which this relation claims.
            var holder = relations.Where(r => r.Value == target).Select(r => (uint?)r.Key).FirstOrDefault();
            if (TableExists(connection, target) && (holder is not null || (owned && TableExists(connection, recorded))))
            {
                var label = holder?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
                var aside = (target.DuckSchema, $"{table.Name}__htap_relation_{label}");
                if (TableExists(connection, aside))
                {
                    ReplicationStateStore.Execute(connection, $"DROP TABLE {Qualified(aside)}");
                    ForgetTable(connection, aside);
                }

                actions.Add($"{Qualified(target)} of relation {label} set aside: {Move(connection, target, aside, rowsChanged)}");
                if (holder is { } other)
                {
                    ReplicationStateStore.WriteRelation(connection, other, aside.DuckSchema, aside.Item2);
                }
            }

            if (owned && TableExists(connection, recorded))
            {
                actions.Add(Move(connection, recorded, target, rowsChanged));
            }
        }

        var existing = ExistingColumns(connection, table.DuckSchema, table.Name);
        if (existing.Count == 0)
        {
            ReplicationStateStore.Execute(connection, $"CREATE TABLE {table.QualifiedName} ({ColumnDefinitions(table)})");
            actions.Add("created");
        }
        else
        {
            var plan = Plan(table, existing);
            if (olderRowsMustBeKnown && plan.Columns.FirstOrDefault(c => c.From is null && c.Column.OlderRowsUnknown) is { } unknown
                && HasRows(connection, table))
            {
                throw new TableCopyRequiredException(table, $"the rows it had when column {ReplicatedTable.Quote(unknown.Column.Name)} was added " +
                    "may have been given values for it that the primary's catalog no longer shows (a default since dropped, or written " +
                    "into the rows by a table rewrite)");
            }

            if (plan.FillsOlderRows || (plan.NeedsRebuild && rowsChanged?.Contains(table.QualifiedName) == true))
            {
                actions.Add(Rebuild(connection, table, plan));
                rowsChanged?.Remove(table.QualifiedName);
            }
            else if (Alter(connection, table, plan) is { } altered)
            {
                actions.Add(altered);
            }
        }

        RecordColumns(connection, table);
        ReplicationStateStore.WriteRelation(connection, table.RelationId, table.DuckSchema, table.Name);
        return actions.Count == 0 ? null : string.Join("; ", actions);
    }

    /// <summary>
    /// Drops the table the node has for <paramref name="relationId"/>, if any, with what htap_meta records of it, so
    /// that a copy can take its place (see Sync.TableSync); in the caller's transaction, so that readers see the old
    /// table until the copy commits.
    /// </summary>
    public static void Discard(DuckDBConnection connection, uint relationId)
    {
        if (ReplicationStateStore.ReadRelations(connection).TryGetValue(relationId, out var recorded))
        {
            ReplicationStateStore.Execute(connection, $"DROP TABLE IF EXISTS {Qualified(recorded)}");
            ForgetTable(connection, recorded);
        }

        ReplicationStateStore.ForgetRelation(connection, relationId);
    }

    private static bool HasRows(DuckDBConnection connection, ReplicatedTable table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT EXISTS (SELECT 1 FROM {table.QualifiedName})";
        return (bool)command.ExecuteScalar()!;
    }

    private static string Qualified((string Schema, string Table) name) => $"{ReplicatedTable.Quote(name.Schema)}.{ReplicatedTable.Quote(name.Table)}";

    private static bool TableExists(DuckDBConnection connection, (string Schema, string Table) name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT count(*) FROM duckdb_tables()
            WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2 AND NOT temporary
            """;
        command.Parameters.Add(new DuckDBParameter(name.Schema));
        command.Parameters.Add(new DuckDBParameter(name.Table));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// Moves a table, rows and all, to another name, in the current transaction: ALTER TABLE ... RENAME TO within its
    /// schema, unless the transaction has updated or deleted its rows (which DuckDB may not commit with an ALTER);
    /// into another schema (DuckDB has no SET SCHEMA), or then, a copy under the new name and a drop of the old table.
    /// Its recorded column types and initial-copy position follow it.
    /// </summary>
    private static string Move(DuckDBConnection connection, (string Schema, string Table) from, (string Schema, string Table) to,
        ISet<string>? rowsChanged)
    {
        ReplicationStateStore.Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {ReplicatedTable.Quote(to.Schema)}");
        string action;
        if (from.Schema == to.Schema && rowsChanged?.Contains(Qualified(from)) != true)
        {
            action = $"ALTER TABLE {Qualified(from)} RENAME TO {ReplicatedTable.Quote(to.Table)}";
            ReplicationStateStore.Execute(connection, action);
        }
        else
        {
            var columns = ExistingColumns(connection, from.Schema, from.Table);
            var definitions = string.Join(", ", columns.Select(c => $"{ReplicatedTable.Quote(c.Name)} {c.Type}{(c.NotNull ? " NOT NULL" : "")}"));
            ReplicationStateStore.Execute(connection, $"""
                CREATE TABLE {Qualified(to)} ({definitions});
                INSERT INTO {Qualified(to)} SELECT * FROM {Qualified(from)};
                DROP TABLE {Qualified(from)};
                """);
            rowsChanged?.Remove(Qualified(from));
            action = $"{Qualified(from)} copied to {Qualified(to)} and dropped";
        }

        foreach (var metadata in new[] { "column_types", "table_keys", "table_sync" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE {ReplicationStateStore.Schema}.{metadata} SET schema_name = $3, table_name = $4 WHERE schema_name = $1 AND table_name = $2";
            command.Parameters.Add(new DuckDBParameter(from.Schema));
            command.Parameters.Add(new DuckDBParameter(from.Table));
            command.Parameters.Add(new DuckDBParameter(to.Schema));
            command.Parameters.Add(new DuckDBParameter(to.Table));
            command.ExecuteNonQuery();
        }

        return action;
    }

    /// <summary>Forgets what htap_meta records of a table that is dropped.</summary>
    private static void ForgetTable(DuckDBConnection connection, (string Schema, string Table) name)
    {
        foreach (var metadata in new[] { "column_types", "table_keys", "table_sync", "relations" })
        {
            ForgetRecorded(connection, metadata, name);
        }
    }

    private static string ColumnDefinitions(ReplicatedTable table) =>
        string.Join(", ", table.Columns.Select(c => $"{ReplicatedTable.Quote(c.Name)} {c.Type.DuckType}{(c.NotNull ? " NOT NULL" : "")}"));

    private static void Run(DuckDBConnection connection, List<string> changes, string sql)
    {
        ReplicationStateStore.Execute(connection, sql);
        changes.Add(sql);
    }

    private static bool SameType(string duckType, string wanted) =>
        string.Equals(Normalize(duckType), Normalize(wanted), StringComparison.OrdinalIgnoreCase);

    /// <summary>DuckDB's spelling of a type as duckdb_columns() reports it, reduced to the one used here (lists included).</summary>
    private static string Normalize(string type) => type.Replace(" ", "", StringComparison.Ordinal)
        .Replace("TIMESTAMPWITHTIMEZONE", "TIMESTAMPTZ", StringComparison.OrdinalIgnoreCase)
        .Replace("TIMEWITHTIMEZONE", "TIMETZ", StringComparison.OrdinalIgnoreCase);

    private static List<(string Name, string Type, bool NotNull)> ExistingColumns(DuckDBConnection connection, string schema, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT column_name, data_type, NOT is_nullable FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2 ORDER BY column_index
            """;
        command.Parameters.Add(new DuckDBParameter(schema));
        command.Parameters.Add(new DuckDBParameter(name));
        using var reader = command.ExecuteReader();
        var columns = new List<(string, string, bool)>();
        while (reader.Read())
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return columns;
    }

    private static void RecordColumns(DuckDBConnection connection, ReplicatedTable table)
    {
        ForgetRecorded(connection, "column_types", (table.DuckSchema, table.Name));

        for (var i = 0; i < table.Columns.Length; i++)
        {
            var column = table.Columns[i];
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {ReplicationStateStore.Schema}.column_types VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
            insert.Parameters.Add(new DuckDBParameter(table.DuckSchema));
            insert.Parameters.Add(new DuckDBParameter(table.Name));
            insert.Parameters.Add(new DuckDBParameter(column.Name));
            insert.Parameters.Add(new DuckDBParameter(i + 1));
            insert.Parameters.Add(new DuckDBParameter(column.TypeOid));
            insert.Parameters.Add(new DuckDBParameter(column.TypeModifier));
            insert.Parameters.Add(new DuckDBParameter(column.IsKey));
            insert.Parameters.Add(new DuckDBParameter((object?)column.Default ?? DBNull.Value));
            insert.ExecuteNonQuery();
        }

        RecordKeys(connection, table);
    }

    /// <summary>The table's primary key and unique constraints, for the node's catalog (htap_meta.table_keys).</summary>
    private static void RecordKeys(DuckDBConnection connection, ReplicatedTable table)
    {
        ForgetRecorded(connection, "table_keys", (table.DuckSchema, table.Name));

        foreach (var key in table.Keys)
        {
            for (var i = 0; i < key.Columns.Length; i++)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = $"INSERT INTO {ReplicationStateStore.Schema}.table_keys VALUES ($1, $2, $3, $4, $5, $6)";
                insert.Parameters.Add(new DuckDBParameter(table.DuckSchema));
                insert.Parameters.Add(new DuckDBParameter(table.Name));
                insert.Parameters.Add(new DuckDBParameter(key.Name));
                insert.Parameters.Add(new DuckDBParameter(key.Kind.ToString()));
                insert.Parameters.Add(new DuckDBParameter(i + 1));
                insert.Parameters.Add(new DuckDBParameter(key.Columns[i]));
                insert.ExecuteNonQuery();
            }
        }
    }

    /// <summary>Deletes what htap_meta's <paramref name="metadata"/> table records of a table.</summary>
    private static void ForgetRecorded(DuckDBConnection connection, string metadata, (string Schema, string Table) name)
    {
        using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM {ReplicationStateStore.Schema}.{metadata} WHERE schema_name = $1 AND table_name = $2";
        delete.Parameters.Add(new DuckDBParameter(name.Schema));
        delete.Parameters.Add(new DuckDBParameter(name.Table));
        delete.ExecuteNonQuery();
    }
}
