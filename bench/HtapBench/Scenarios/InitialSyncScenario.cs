using System.Diagnostics;
using HtapRouter.Bench.Stack;
using Npgsql;

namespace HtapRouter.Bench.Scenarios;

/// <summary>
/// Scenario 3a: the initial copy of lineitem by a fresh node (its own publication of lineitem alone, its own slot and
/// file), timed from starting the node's process until pg_last_wal_replay_lsn() says the copy is committed, against
/// PostgreSQL's own <c>COPY lineitem TO '/dev/null'</c>. The node's time includes its process start.
/// </summary>
public sealed class InitialSyncScenario(BenchContext context)
{
    public const string Table = "Replication (higher is better)";
    public const string Baseline = "PostgreSQL baseline";
    public const string Replicator = "node's replicator";
    private const string Publication = "bench_sync_pub";
    private const string Slot = "bench_sync_slot";

    public static string Row(long rows) => $"initial sync of lineitem, {rows:N0} rows (rows/s; baseline COPY lineitem TO '/dev/null')";

    public async Task RunAsync()
    {
        var primary = context.Primary;
        var rows = await primary.ScalarAsync<long>("SELECT count(*) FROM lineitem", context.Cancellation);
        var row = Row(rows);
        var copy = await context.RepeatAsync(async run =>
        {
            Progress.Step($"Initial sync: COPY lineitem TO '/dev/null', run {run + 1}");
            var clock = Stopwatch.StartNew();
            await primary.ExecuteAsync("COPY lineitem TO '/dev/null'", context.Cancellation);
            return rows / clock.Elapsed.TotalSeconds;
        });
        context.Results.Add(Table, row, Baseline, "rows/s", copy);

        await primary.ExecuteAsync($"CREATE PUBLICATION {Publication} FOR TABLE lineitem", context.Cancellation);
        try
        {
            if (context.Profiler.Enabled)
            {
                // An extra copy under the profiler, which slows what it watches: no figure is taken from it.
                await SyncOnceAsync(null, rows);
            }

            var synced = await context.RepeatAsync(run => SyncOnceAsync(run, rows));
            context.Results.Add(Table, row, Replicator, "rows/s", synced);
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException or NpgsqlException or FileNotFoundException)
        {
            context.Results.Unavailable(Table, row, Replicator, "rows/s", "failed: " + OltpScenario.FirstLines(error.Message));
        }
        finally
        {
            await primary.ExecuteAsync($"DROP PUBLICATION {Publication}", CancellationToken.None);
        }

        context.Results.Ratio("replicator initial sync / COPY TO '/dev/null'", "#4",
            context.Results.Find(Table, row, Replicator), context.Results.Find(Table, row, Baseline), atLeast: true, 0.7);
    }

    /// <summary>One copy by a new node, in rows/s; <paramref name="run"/> null for the extra copy under the profiler.</summary>
    private async Task<double> SyncOnceAsync(int? run, long rows)
    {
        Progress.Step($"Initial sync: a new node copies lineitem, {(run is { } n ? $"run {n + 1}" : "profiled (not measured)")}");
        var data = context.Work.PathOf($"sync-{run?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "profiled"}.duckdb");
        var clock = Stopwatch.StartNew();
        var node = await AnalyticNodeProcess.StartAsync(context.Work, context.Programs, "node-sync", data, context.Primary,
            Publication, Slot, cancellationToken: context.Cancellation);
        try
        {
            await using var profile = run is null ? await context.Profiler.StartAsync("node-initial-sync", node.Process.ProcessId, 20) : null;
            var elapsed = await node.WaitForReplayAsync(null, clock, TimeSpan.FromMinutes(30), context.Cancellation);
            await using var connection = new NpgsqlConnection(node.ConnectionString);
            await connection.OpenAsync(context.Cancellation);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM lineitem", connection);
            var copied = Convert.ToInt64(await count.ExecuteScalarAsync(context.Cancellation), System.Globalization.CultureInfo.InvariantCulture);
            return copied == rows
                ? rows / elapsed.TotalSeconds
                : throw new InvalidOperationException($"The node copied {copied} rows of lineitem, not {rows}.");
        }
        finally
        {
            await node.DisposeAsync();
            await context.Primary.ExecuteAsync(
                $"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '{Slot}'", CancellationToken.None);
            File.Delete(data);
            File.Delete(data + ".wal");
        }
    }
}
