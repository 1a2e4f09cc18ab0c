using DuckDB.NET.Data;
using HtapRouter.Bench.Data;
using HtapRouter.Bench.Stack;

namespace HtapRouter.Bench.Scenarios;

public sealed partial class AnalyticsScenario
{
    /// <summary>
    /// Copies the node's file (and its WAL, when there is one) for the in-process figures; the node must be stopped, so
    /// that the file is closed and whole. DuckDB.NET (the DuckDB build the node itself uses) then opens the copy
    /// read-only while the node serves the original, so both can be timed in turns.
    /// </summary>
    public static string CopyForInProcess(string dataPath, WorkDirectory work)
    {
        var copy = work.PathOf("in-process.duckdb");
        File.Copy(dataPath, copy, overwrite: true);
        if (File.Exists(dataPath + ".wal"))
        {
            File.Copy(dataPath + ".wal", copy + ".wal", overwrite: true);
        }

        return copy;
    }

    private void AddClaims()
    {
        var results = context.Results;
        results.Ratio("node / DuckDB in-process, Q1 (issue #3: ≤ 1.15×)", "#3",
            results.Find(Table, "Q1", Node), results.Find(Table, "Q1", InProcess), atLeast: false, 1.15);
        foreach (var query in TpchQueries.All)
        {
            results.Ratio($"router → node / DuckDB in-process, {query.Name}", "#7",
                results.Find(Table, query.Name, ViaRouter), results.Find(Table, query.Name, InProcess), atLeast: false, 1.15);
        }
    }

    private static void ReadAll(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }
    }
}
