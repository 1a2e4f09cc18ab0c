using System.Diagnostics;
using System.Globalization;
using HtapRouter.Bench.Data;
using HtapRouter.Bench.Measure;
using HtapRouter.Bench.Stack;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using DuckDB.NET.Data;
using HtapRouter.Bench.Configuration;
using Npgsql;

namespace HtapRouter.Bench.Scenarios;

/// <summary>
/// Scenario 2: the TPC-H-style queries on PostgreSQL, on the node directly, through the router to the node, and (see
/// the InProcess part) in-process on DuckDB over a copy of the node's file. Each timing is one query read to its last
/// value with Npgsql (DuckDB.NET in-process) over an open connection, after one untimed warm-up run, the targets taking
/// turns. Every result through the node and the router is checked against PostgreSQL's with <see cref="ResultComparer"/>.
/// </summary>
public sealed partial class AnalyticsScenario(BenchContext context, AnalyticNodeProcess node, RouterProcess? router, string? routerUnavailable)
{
    public const string Postgres = "PostgreSQL direct";
    public const string Node = "node direct";
    public const string ViaRouter = "router → node";
    public const string InProcess = "DuckDB in-process";

    public string Table => $"Analytics: TPC-H-style queries, scale factor {context.Options.TpchScale.ToString(CultureInfo.InvariantCulture)} (ms, lower is better)";

    /// <summary>Compares every query's result through the node and the router with PostgreSQL's; returns whether all were equal.</summary>
    public async Task<bool> CheckAsync()
    {
        var targets = new List<(string Name, PgEndpoint Endpoint)> { (Node, NodeEndpoint) };
        if (router is not null)
        {
            targets.Add((ViaRouter, router.Endpoint));
        }

        var allEqual = true;
        foreach (var query in TpchQueries.All)
        {
            Progress.Step($"Analytics check: {query.Name}");
            var expected = await PsqlRowsAsync(context.Primary.Endpoint, query.Sql);
            foreach (var (name, endpoint) in targets)
            {
                Check check;
                try
                {
                    var outcome = ResultComparer.Compare(expected, await PsqlRowsAsync(endpoint, query.Sql));
                    check = new Check(query.Name, name, outcome.Difference is null,
                        outcome.Difference ?? $"{outcome.Rows} rows; {outcome.TolerantFields} fields equal within 1e-9 relative");
                }
                catch (InvalidOperationException error)
                {
                    check = new Check(query.Name, name, false, "failed: " + OltpScenario.FirstLines(error.Message));
                }

                allEqual &= check.Passed == true;
                context.Results.Add(check);
            }
        }

        if (router is null)
        {
            context.Results.Add(new Check("all queries", ViaRouter, null, routerUnavailable ?? "the router is not running"));
        }

        return allEqual;
    }

    /// <summary>
    /// Times every query on PostgreSQL, on the node, through the router and in-process on <paramref name="inProcessCopy"/>
    /// (a copy of the node's file, see <see cref="CopyForInProcess"/>). The targets take turns query by query and run by
    /// run, so that whatever else the machine does at a moment (autovacuum, a checkpoint) lands on all of them alike.
    /// </summary>
    public async Task MeasureAsync(string inProcessCopy)
    {
        var targets = new List<(string Name, Func<string, Task> Run)>();
        await using var primaryConnection = await OpenAsync(context.Primary.ConnectionString);
        targets.Add((Postgres, sql => ReadAllAsync(primaryConnection, sql)));
        await using var nodeConnection = await OpenAsync(node.ConnectionString);
        targets.Add((Node, sql => ReadAllAsync(nodeConnection, sql)));
        await using var routerConnection = router is null ? null : await OpenAsync(router.ConnectionString);
        if (routerConnection is not null)
        {
            targets.Add((ViaRouter, sql => ReadAllAsync(routerConnection, sql)));
        }

        await using var duck = new DuckDBConnection($"Data Source={inProcessCopy};ACCESS_MODE=READ_ONLY");
        duck.Open();
        using (var version = duck.CreateCommand())
        {
            version.CommandText = "SELECT version()";
            context.Results.Version("DuckDB (in-process, DuckDB.NET)", version.ExecuteScalar()?.ToString() ?? "?");
        }

        targets.Add((InProcess, sql =>
        {
            ReadAll(duck, sql);
            return Task.CompletedTask;
        }));

        var selectsBefore = router is null ? null : await NodeSelectCountAsync(router);
        foreach (var query in TpchQueries.All)
        {
            Progress.Step($"Analytics: {query.Name}, {context.Options.Runs} runs on each of {string.Join(", ", targets.Select(t => t.Name))}");
            await TimeInTurnsAsync(query, targets);
        }

        await context.ProfileAsync("node-tpch-Q1", node.Process.ProcessId, 10, () => ReadAllAsync(nodeConnection, TpchQueries.All[0].Sql));
        await context.ProfileAsync("node-tpch-all", node.Process.ProcessId, 20, async () =>
        {
            foreach (var query in TpchQueries.All)
            {
                await ReadAllAsync(nodeConnection, query.Sql);
            }
        });

        if (router is null)
        {
            foreach (var query in TpchQueries.All)
            {
                context.Results.Unavailable(Table, query.Name, ViaRouter, "ms", routerUnavailable ?? "the router is not running");
            }
        }
        else if (selectsBefore is { } before && await NodeSelectCountAsync(router) is { } after)
        {
            context.Results.Note(Table, $"SHOW POOL_NODES on the router: node 1's select_cnt grew by {after - before} during the router runs " +
                $"({TpchQueries.All.Count * (context.Options.Runs + 1)} queries were sent).");
        }
        else
        {
            context.Results.Note(Table, "SHOW POOL_NODES on the router did not answer, so which node ran the router's queries is not confirmed.");
        }

        AddClaims();
    }

    /// <summary>One untimed warm-up run on each target, then <see cref="BenchOptions.Runs"/> rounds of one timed run on each.</summary>
    private async Task TimeInTurnsAsync(TpchQueries.Query query, List<(string Name, Func<string, Task> Run)> targets)
    {
        var samples = targets.ToDictionary(t => t.Name, _ => new List<double>());
        var failed = new Dictionary<string, string>();
        for (var round = -1; round < context.Options.Runs; round++)
        {
            foreach (var (name, run) in targets.Where(t => !failed.ContainsKey(t.Name)))
            {
                try
                {
                    var clock = Stopwatch.StartNew();
                    await run(query.Sql);
                    if (round >= 0)
                    {
                        samples[name].Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
                catch (Exception error) when (error is NpgsqlException or InvalidCastException or OverflowException or DuckDBException)
                {
                    failed[name] = "failed: " + OltpScenario.FirstLines(error.Message);
                }
            }
        }

        foreach (var (name, _) in targets)
        {
            if (failed.TryGetValue(name, out var reason))
            {
                context.Results.Unavailable(Table, query.Name, name, "ms", reason);
            }
            else
            {
                context.Results.Add(Table, query.Name, name, "ms", samples[name]);
            }
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(context.Cancellation);
        return connection;
    }

    private async Task ReadAllAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(context.Cancellation);
        while (await reader.ReadAsync(context.Cancellation))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }
    }

    private PgEndpoint NodeEndpoint => new("127.0.0.1", node.Port, "postgres", string.Empty, PrimaryServer.Database);

    /// <summary>The query's rows as psql prints them, fields separated by U+001F, no header or footer.</summary>
    private async Task<string> PsqlRowsAsync(PgEndpoint endpoint, string sql)
    {
        var result = await Psql.RunAsync(endpoint, ["-X", "-A", "-t", "-F", "\x1f", "-P", "null=(null)", "-v", "ON_ERROR_STOP=1", "-c", sql],
            timeout: TimeSpan.FromMinutes(30), cancellationToken: context.Cancellation);
        return result.Succeeded
            ? result.StandardOutput
            : throw new InvalidOperationException($"psql exited with code {result.ExitCode}: {result.StandardError.Trim()}");
    }

    private async Task<long?> NodeSelectCountAsync(RouterProcess via)
    {
        var result = await Psql.RunAsync(via.Endpoint, ["-X", "-A", "-F", "|", "-P", "footer=off", "-c", "SHOW POOL_NODES"],
            timeout: TimeSpan.FromSeconds(30), cancellationToken: context.Cancellation);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (!result.Succeeded || lines.Length < 2)
        {
            return null;
        }

        var header = lines[0].Split('|');
        var id = Array.IndexOf(header, "node_id");
        var count = Array.IndexOf(header, "select_cnt");
        var row = lines.Skip(1).Select(l => l.Split('|')).FirstOrDefault(f => id >= 0 && f.Length == header.Length && f[id] == "1");
        return row is not null && count >= 0 && long.TryParse(row[count], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
