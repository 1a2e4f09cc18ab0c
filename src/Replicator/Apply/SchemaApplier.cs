using DuckDB.NET.Data;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>
/// Makes a DuckDB table match what a Relation message says of its primary table: created when new, columns
/// added, dropped, renamed and retyped, before any row that needs the new shape. The primary's own column
/// types are recorded in htap_meta.column_types.
/// </summary>
internal static class SchemaApplier
{
    /// <summary>Brings the DuckDB table to <paramref name="table"/>'s shape; returns what it did, for the log.</summary>
    public static string? Apply(DuckDBConnection connection, ReplicatedTable table)
    {
        ReplicationStateStore.Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {ReplicatedTable.Quote(table.DuckSchema)}");
        var existing = ExistingColumns(connection, table);
        string? action;
        if (existing.Count == 0)
        {
            var columns = string.Join(", ", table.Columns.Select(c => $"{ReplicatedTable.Quote(c.Name)} {c.Type.DuckType}{(c.NotNull ? " NOT NULL" : "")}"));
            ReplicationStateStore.Execute(connection, $"CREATE TABLE {table.QualifiedName} ({columns})");
            action = "created";
        }
        else
        {
            action = Alter(connection, table, existing);
        }

        RecordColumns(connection, table);
        return action;
    }

    private static string? Alter(DuckDBConnection connection, ReplicatedTable table, List<(string Name, string Type, bool NotNull)> existing)
    {
        var changes = new List<string>();
        var wanted = table.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var removed = existing.Where(e => !wanted.Contains(e.Name)).ToList();
        var added = table.Columns.Where(c => existing.All(e => e.Name != c.Name)).ToList();

        // A rename arrives as one column gone and one new at the same place with the same type.
        if (removed.Count == 1 && added.Count == 1 && existing.IndexOf(removed[0]) == table.Columns.IndexOf(added[0])
            && SameType(removed[0].Type, added[0].Type.DuckType))
        {
            Run(connection, changes, $"ALTER TABLE {table.QualifiedName} RENAME COLUMN {ReplicatedTable.Quote(removed[0].Name)} TO {ReplicatedTable.Quote(added[0].Name)}");
            removed.Clear();
            added.Clear();
        }

        foreach (var column in removed)
        {
            Run(connection, changes, $"ALTER TABLE {table.QualifiedName} DROP COLUMN {ReplicatedTable.Quote(column.Name)}");
        }

        foreach (var column in added)
        {
            Run(connection, changes, $"ALTER TABLE {table.QualifiedName} ADD COLUMN {ReplicatedTable.Quote(column.Name)} {column.Type.DuckType}");
        }

        foreach (var column in table.Columns)
        {
            var current = existing.FirstOrDefault(e => e.Name == column.Name);
            if (current.Name is not null && current.NotNull != column.NotNull)
            {
                Run(connection, changes, $"ALTER TABLE {table.QualifiedName} ALTER COLUMN {ReplicatedTable.Quote(column.Name)} {(column.NotNull ? "SET" : "DROP")} NOT NULL");
            }
        }

        foreach (var column in table.Columns)
        {
            var current = existing.FirstOrDefault(e => e.Name == column.Name);
            if (current.Name is not null && !SameType(current.Type, column.Type.DuckType))
            {
                Run(connection, changes, $"ALTER TABLE {table.QualifiedName} ALTER COLUMN {ReplicatedTable.Quote(column.Name)} TYPE {column.Type.DuckType}");
            }
        }

        return changes.Count == 0 ? null : string.Join("; ", changes);
    }

    private static void Run(DuckDBConnection connection, List<string> changes, string sql)
    {
        ReplicationStateStore.Execute(connection, sql);
        changes.Add(sql);
    }

    private static bool SameType(string duckType, string wanted) =>
        string.Equals(Normalize(duckType), Normalize(wanted), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string type) => type.Replace(" ", "", StringComparison.Ordinal) switch
    {
        "TIMESTAMPWITHTIMEZONE" => "TIMESTAMPTZ",
        "TIMEWITHTIMEZONE" => "TIMETZ",
        var t => t,
    };

    private static List<(string Name, string Type, bool NotNull)> ExistingColumns(DuckDBConnection connection, ReplicatedTable table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT column_name, data_type, NOT is_nullable FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2 ORDER BY column_index
            """;
        command.Parameters.Add(new DuckDBParameter(table.DuckSchema));
        command.Parameters.Add(new DuckDBParameter(table.Name));
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
        using (var delete = connection.CreateCommand())
        {
            delete.CommandText = $"DELETE FROM {ReplicationStateStore.Schema}.column_types WHERE schema_name = $1 AND table_name = $2";
            delete.Parameters.Add(new DuckDBParameter(table.DuckSchema));
            delete.Parameters.Add(new DuckDBParameter(table.Name));
            delete.ExecuteNonQuery();
        }

        for (var i = 0; i < table.Columns.Length; i++)
        {
            var column = table.Columns[i];
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {ReplicationStateStore.Schema}.column_types VALUES ($1, $2, $3, $4, $5, $6, $7)";
            insert.Parameters.Add(new DuckDBParameter(table.DuckSchema));
            insert.Parameters.Add(new DuckDBParameter(table.Name));
            insert.Parameters.Add(new DuckDBParameter(column.Name));
            insert.Parameters.Add(new DuckDBParameter(i + 1));
            insert.Parameters.Add(new DuckDBParameter(column.TypeOid));
            insert.Parameters.Add(new DuckDBParameter(column.TypeModifier));
            insert.Parameters.Add(new DuckDBParameter(column.IsKey));
            insert.ExecuteNonQuery();
        }
    }
}
