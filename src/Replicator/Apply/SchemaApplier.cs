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
    public static string? Apply(DuckDBConnection connection, ReplicatedTable table, ISet<string>? rowsChanged = null)
    {
        ReplicationStateStore.Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {ReplicatedTable.Quote(table.DuckSchema)}");
        var existing = ExistingColumns(connection, table);
        string? action;
        if (existing.Count == 0)
        {
            ReplicationStateStore.Execute(connection, $"CREATE TABLE {table.QualifiedName} ({ColumnDefinitions(table)})");
            action = "created";
        }
        else
        {
            var plan = Plan(table, existing);
            if (plan.FillsOlderRows || (plan.NeedsRebuild && rowsChanged?.Contains(table.QualifiedName) == true))
            {
                action = Rebuild(connection, table, plan);
                rowsChanged?.Remove(table.QualifiedName);
            }
            else
            {
                action = Alter(connection, table, plan);
            }
        }

        RecordColumns(connection, table);
        return action;
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
