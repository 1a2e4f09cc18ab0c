using System.Diagnostics;
using HtapRouter.Bench.Data;
using HtapRouter.Bench.Stack;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using Npgsql;

namespace HtapRouter.Bench.Scenarios;

/// <summary>
/// Scenario 4: one large result of eight mixed-type columns (bigint, integer, float8, numeric(12,2), text, date,
/// timestamptz, boolean), from PostgreSQL and from the node (and through the router), read to the last value with
/// Npgsql's typed getters, and printed by psql to /dev/null.
/// </summary>
public sealed class StreamingScenario(BenchContext context, AnalyticNodeProcess node, RouterProcess? router)
{
    private const string Postgres = "PostgreSQL";
    private const string Node = "node";
    private const string ViaRouter = "router → node";
    private const string Sql = $"SELECT * FROM {BenchTables.Stream}";
    private const string NpgsqlRow = "Npgsql, every value read";
    private const string PsqlRow = "psql -A -t to /dev/null";

    public string Table => $"Result streaming: {context.Options.StreamRows:N0} rows × 8 columns (rows/s, higher is better)";

    public async Task RunAsync()
    {
        var targets = new List<(string Name, string ConnectionString, PgEndpoint Endpoint)>
        {
            (Postgres, context.Primary.ConnectionString, context.Primary.Endpoint),
            (Node, node.ConnectionString, new PgEndpoint("127.0.0.1", node.Port, "postgres", string.Empty, PrimaryServer.Database)),
        };
        if (router is not null)
        {
            targets.Add((ViaRouter, router.ConnectionString, router.Endpoint));
        }

        var rows = context.Options.StreamRows;
        foreach (var (name, connectionString, endpoint) in targets)
        {
            try
            {
                Progress.Step($"Streaming: {name}, Npgsql");
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(context.Cancellation);
                await ReadAsync(connection);
                context.Results.Add(Table, NpgsqlRow, name, "rows/s", await context.RepeatAsync(async _ => rows / (await ReadAsync(connection)).TotalSeconds));
                if (name == Node)
                {
                    await context.ProfileAsync("node-streaming", node.Process.ProcessId, 10, () => ReadAsync(connection));
                }

                Progress.Step($"Streaming: {name}, psql");
                context.Results.Add(Table, PsqlRow, name, "rows/s", await context.RepeatAsync(async _ =>
                {
                    var result = await Psql.RunAsync(endpoint, ["-X", "-A", "-t", "-o", "/dev/null", "-c", Sql],
                        timeout: TimeSpan.FromMinutes(10), cancellationToken: context.Cancellation);
                    return rows / result.EnsureSuccess().Elapsed.TotalSeconds;
                }));
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException or InvalidCastException)
            {
                context.Results.Unavailable(Table, NpgsqlRow, name, "rows/s", "failed: " + OltpScenario.FirstLines(error.Message));
            }
        }

        foreach (var row in (string[])[NpgsqlRow, PsqlRow])
        {
            context.Results.Ratio($"node / PostgreSQL, streaming ({row})", "#3",
                context.Results.Find(Table, row, Node), context.Results.Find(Table, row, Postgres), atLeast: true, 1.0);
        }
    }

    private async Task<TimeSpan> ReadAsync(NpgsqlConnection connection)
    {
        var clock = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(context.Cancellation);
        long count = 0;
        while (await reader.ReadAsync(context.Cancellation))
        {
            _ = reader.GetInt64(0);
            _ = reader.GetInt32(1);
            _ = reader.GetDouble(2);
            _ = reader.GetDecimal(3);
            _ = reader.GetString(4);
            _ = reader.GetFieldValue<DateOnly>(5);
            _ = reader.GetFieldValue<DateTime>(6);
            _ = reader.GetBoolean(7);
            count++;
        }

        return count == context.Options.StreamRows
            ? clock.Elapsed
            : throw new InvalidOperationException($"Read {count} rows, not {context.Options.StreamRows}.");
    }
}
