using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HtapRouter.Bench.Data;
using HtapRouter.Bench.Measure;
using HtapRouter.Bench.Stack;
using HtapRouter.TestSupport.Clients;
using Npgsql;

namespace HtapRouter.Bench.Scenarios;

/// <summary>
/// Scenario 3c: commit on the primary to visible on the node, under pgbench -N. A calibration run finds the rate
/// pgbench -N reaches unthrottled with the node replicating; the measured run holds 80% of it (-R), the highest rate
/// that leaves the machine headroom rather than a queue. Meanwhile a probe commits a numbered row every 100 ms and
/// notes when the commit returned; a reader polls max(id) on the node every 5 ms and notes when each row appeared.
/// </summary>
public sealed class FreshnessScenario(BenchContext context, MainNode node)
{
    public const string Table = "Freshness: commit on the primary → visible on the node, under pgbench -N";
    private const string Column = "node";
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    public async Task RunAsync()
    {
        var primary = context.Primary;
        await primary.ExecuteAsync($"TRUNCATE {BenchTables.Probe}", context.Cancellation);
        await node.WaitCaughtUpAsync(TimeSpan.FromMinutes(10), context.Cancellation);

        var calibrationSeconds = Math.Max(3, context.Options.FreshnessSeconds / 6);
        Progress.Step($"Freshness: calibrating pgbench -N for {calibrationSeconds} s");
        var unthrottled = await Pgbench.BenchmarkAsync(primary.Endpoint, ["-N", "-n", "-c", "8", "-j", "2", "-T", Seconds(calibrationSeconds)],
            TimeSpan.FromMinutes(5), context.Cancellation);
        var rate = Math.Max(1, (int)(unthrottled.TransactionsPerSecond * 0.8));
        await node.WaitCaughtUpAsync(TimeSpan.FromMinutes(10), context.Cancellation);

        Progress.Step($"Freshness: pgbench -N -R {rate} for {context.Options.FreshnessSeconds} s with the probe");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        var clock = Stopwatch.StartNew();
        var committed = new ConcurrentDictionary<int, TimeSpan>();
        var visible = new ConcurrentDictionary<int, TimeSpan>();
        var load = Pgbench.BenchmarkAsync(primary.Endpoint,
            ["-N", "-n", "-c", "8", "-j", "2", "-T", Seconds(context.Options.FreshnessSeconds), "-R", Seconds(rate)],
            TimeSpan.FromSeconds(context.Options.FreshnessSeconds * 3 + 60), context.Cancellation);
        var reader = ReadAsync(clock, committed, visible, stop.Token);
        var writes = await WriteAsync(clock, committed, TimeSpan.FromSeconds(context.Options.FreshnessSeconds - 1), context.Cancellation);
        var report = await load;

        // Stragglers get 30 s; a probe not visible by then is reported as such, not left out silently.
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(30);
        while (visible.Count < writes && clock.Elapsed < deadline)
        {
            await Task.Delay(PollInterval * 10, context.Cancellation);
        }

        await stop.CancelAsync();
        await reader;

        var latencies = visible.Select(v => Math.Max(0, (v.Value - committed[v.Key]).TotalMilliseconds)).ToList();
        var results = context.Results;
        results.Add(Table, "probes committed / seen on the node", Column, "probes", [writes]);
        results.Add(Table, "seen on the node", Column, "probes", [latencies.Count]);
        results.Add(Table, $"pgbench -N rate held (80% of {unthrottled.TransactionsPerSecond:N0} unthrottled)", Column, "tps", [report.TransactionsPerSecond]);
        if (latencies.Count > 0)
        {
            results.Add(Table, "p50", Column, "ms", [Statistics.Percentile(latencies, 0.50)]);
            results.Add(Table, "p99", Column, "ms", [Statistics.Percentile(latencies, 0.99)]);
            results.Add(Table, "max", Column, "ms", [latencies.Max()]);
        }
        else
        {
            results.Unavailable(Table, "p99", Column, "ms", "no probe became visible on the node");
        }

        if (latencies.Count < writes)
        {
            results.Note(Table, $"{writes - latencies.Count} of {writes} probes were not visible on the node 30 s after the load ended.");
        }

        results.Threshold("freshness p99 under pgbench -N", "#4", results.Find(Table, "p99", Column), atLeast: false, 1000);
    }

    private async Task<int> WriteAsync(Stopwatch clock, ConcurrentDictionary<int, TimeSpan> committed, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await context.Primary.OpenAsync(cancellationToken);
        await using var insert = new NpgsqlCommand($"INSERT INTO {BenchTables.Probe} (id) VALUES ($1)", connection);
        var id = new NpgsqlParameter<int>();
        insert.Parameters.Add(id);
        await insert.PrepareAsync(cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var end = clock.Elapsed + duration - TimeSpan.FromSeconds(1);
        var count = 0;
        while (clock.Elapsed < end)
        {
            var next = clock.Elapsed + ProbeInterval;
            id.TypedValue = ++count;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            committed[count] = clock.Elapsed;
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }

        return count;
    }

    private async Task ReadAsync(Stopwatch clock, ConcurrentDictionary<int, TimeSpan> committed, ConcurrentDictionary<int, TimeSpan> visible,
        CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(node.Running.ConnectionString);
        await connection.OpenAsync(stop);
        await using var poll = new NpgsqlCommand($"SELECT coalesce(max(id), 0) FROM {BenchTables.Probe}", connection);
        var seen = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var max = Convert.ToInt32(await poll.ExecuteScalarAsync(stop), CultureInfo.InvariantCulture);
                var now = clock.Elapsed;
                for (var id = seen + 1; id <= max; id++)
                {
                    // A row can be seen before its writer noted the commit's return; it then counts as visible at that moment.
                    visible[id] = committed.TryGetValue(id, out var at) && at > now ? at : now;
                }

                seen = Math.Max(seen, max);
                await Task.Delay(PollInterval, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static string Seconds(int value) => value.ToString(CultureInfo.InvariantCulture);
}
