using HtapRouter.AnalyticNode.Engine;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// character(n) values are stored without their trailing blanks, which is how PostgreSQL compares, groups and
/// concatenates them; the node pads them again on output. Files written before the replicator trimmed them hold padded
/// values, which would never equal an unpadded literal: when the node opens such a file writable, their blanks are
/// trimmed once, in one transaction. A file opened read-only is served as it is.
/// </summary>
internal static class PaddedCharMigration
{
    public static void Run(DuckDbDatabase database)
    {
        var tables = new Dictionary<(string Schema, string Table), List<string>>();
        using var connection = database.CreateConnection();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT t.schema_name, t.table_name, t.column_name
                FROM {PgCatalog.MetadataSchema}.column_types t
                JOIN duckdb_columns() c ON c.database_name = current_database() AND c.schema_name = t.schema_name
                    AND c.table_name = t.table_name AND c.column_name = t.column_name AND c.data_type = 'VARCHAR'
                WHERE t.type_oid = {PgTypeOid.BpChar}
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!tables.TryGetValue(key, out var columns))
                {
                    tables[key] = columns = [];
                }

                columns.Add(Quote(reader.GetString(2)));
            }
        }

        if (tables.Count == 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        foreach (var ((schema, table), columns) in tables)
        {
            using var update = connection.CreateCommand();
            update.CommandText = $"""
                UPDATE {Quote(schema)}.{Quote(table)} SET {string.Join(", ", columns.Select(c => $"{c} = rtrim({c}, ' ')"))}
                WHERE {string.Join(" OR ", columns.Select(c => $"{c} LIKE '% '"))}
                """;
            update.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
