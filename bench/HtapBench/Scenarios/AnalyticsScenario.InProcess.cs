using DuckDB.NET.Data;
using HtapRouter.Bench.Data;
using HtapRouter.Bench.Stack;

namespace HtapRouter.Bench.Scenarios;

public sealed partial class AnalyticsScenario
{
    /// <summary>
    /// The same SQL in-process: DuckDB.NET (the DuckDB build the node itself uses) on the node's file, opened read-only
    /// once the node has stopped and closed it. Then the claims that compare the node and the router with it.
    /// </summary>
    public async Task MeasureInProcessAsync(string dataPath)
    {
        await using (var connection = new DuckDBConnection($"Data Source={dataPath};ACCESS_MODE=READ_ONLY"))
        {
            connection.Open();
            using (var version = connection.CreateCommand())
            {
                version.CommandText = "SELECT version()";
                context.Results.Version("DuckDB (in-process, DuckDB.NET)", version.ExecuteScalar()?.ToString() ?? "?");
            }

            foreach (var query in TpchQueries.All)
            {
                Progress.Step($"Analytics: {query.Name} on {InProcess}");
                await TimeAsync(InProcess, query, () =>
                {
                    ReadAll(connection, query.Sql);
                    return Task.CompletedTask;
                });
            }
        }

        AddClaims();
    }

    /// <summary>Records the in-process column as not available, and the claims that need it likewise.</summary>
    public void InProcessUnavailable(string reason)
    {
        foreach (var query in TpchQueries.All)
        {
            context.Results.Unavailable(Table, query.Name, InProcess, "ms", reason);
        }

        AddClaims();
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
