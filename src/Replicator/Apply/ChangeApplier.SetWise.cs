using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

internal sealed partial class ChangeApplier
{
    /// <summary>Fewer rows than this go in one by one: a bulk load has a fixed cost (a staging table).</summary>
    private const int BulkInsertThreshold = 64;

    private const string StagingTable = "htap_apply_staging";

    /// <summary>
    /// Writes the rows waiting for <paramref name="qualifiedName"/>: few one by one, many through DuckDB's
    /// appender into a temporary staging table of their converted text (or bytes), from which one INSERT ...
    /// SELECT casts them to the columns' types exactly as a single row's parameters are cast.
    /// </summary>
    private void FlushInserts(PreparedStatements statements, PendingInserts inserts, string qualifiedName)
    {
        if (!inserts.TryTake(qualifiedName, out var table, out var rows))
        {
            return;
        }

        if (rows.Count < BulkInsertThreshold)
        {
            foreach (var values in rows)
            {
                Insert(statements, table, values);
            }

            return;
        }

        var staging = string.Join(", ", table.Columns.Select((c, i) => $"c{i} {(c.Type.Conversion == ValueConversion.Bytea ? "BLOB" : "VARCHAR")}"));
        ReplicationStateStore.Execute(_connection, $"CREATE OR REPLACE TEMP TABLE {StagingTable} ({staging})");
        using (var appender = _connection.CreateAppender("temp", "main", StagingTable))
        {
            foreach (var values in rows)
            {
                var row = appender.CreateRow();
                for (var i = 0; i < table.Columns.Length; i++)
                {
                    _ = ValueConverter.Convert(table.Columns[i].Type, values[i]) switch
                    {
                        null => row.AppendNullValue(),
                        byte[] bytes => row.AppendValue(bytes),
                        var text => row.AppendValue((string)text),
                    };
                }

                row.EndRow();
            }
        }

        var columns = string.Join(", ", table.Columns.Select(c => ReplicatedTable.Quote(c.Name)));
        var cast = string.Join(", ", table.Columns.Select((c, i) => c.Type.ParameterExpression($"c{i}")));
        ReplicationStateStore.Execute(_connection, $"""
            INSERT INTO {table.QualifiedName} ({columns}) SELECT {cast} FROM temp.main.{StagingTable};
            DROP TABLE temp.main.{StagingTable}
            """);
    }
}
