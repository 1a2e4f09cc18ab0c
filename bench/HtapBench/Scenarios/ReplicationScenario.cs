using System.Diagnostics;
using System.Globalization;
using HtapRouter.Bench.Data;
using HtapRouter.Bench.Stack;
using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Processes;
using Npgsql;

namespace HtapRouter.Bench.Scenarios;

/// <summary>
/// Scenario 3b: how fast the replicator applies a backlog, against how fast pg_recvlogical drains the same backlog
/// to /dev/null with pgoutput (proto_version 1, the same publication). With the node stopped, its slot is copied and
/// the workload runs, so both slots hold exactly the same changes and make the primary decode the same WAL: a copy
/// keeps the node slot's restart point, which can lie well before its confirmed position (a large transaction the
/// node applied just before it stopped is decoded again, and skipped, by whichever slot starts there; a slot of its
/// own, created later, would skip that work and flatter pg_recvlogical). Then pg_recvlogical drains its slot
/// to the workload's end LSN, and the node is started and timed from its first login until pg_last_wal_replay_lsn()
/// reaches that LSN. Rate = changes / time from first to last.
/// </summary>
public sealed class ReplicationScenario(BenchContext context, MainNode node)
{
    private const string Slot = "bench_recv";

    public string InsertRow => $"{context.Options.ReplicationInsertRows:N0}-row insert, one transaction (changes/s)";

    public string MixedRow => $"update/delete stream over {context.Options.ReplicationMixedRows:N0} rows (changes/s)";

    public async Task RunAsync()
    {
        await MeasureAsync(InsertRow, "insert", PrepareInsertAsync, RunInsertAsync);
        await MeasureAsync(MixedRow, "mixed", PrepareMixedAsync, RunMixedAsync);
        context.Results.Setting("pg_recvlogical", $"--start --slot {Slot} --endpos <workload end> -o proto_version=1 " +
            $"-o publication_names={MainNode.Publication} -f /dev/null -F 0 (a copy of the node's slot, made with the node stopped)");
    }

    private async Task MeasureAsync(string row, string name, Func<Task> prepare, Func<NpgsqlConnection, Task<long>> workload)
    {
        var drained = new List<double>();
        var applied = new List<double>();
        try
        {
            // Under --profile, run 0 is an extra one under the profiler, which slows what it watches: no figure from it.
            var profiled = context.Profiler.Enabled;
            for (var run = 0; run < context.Options.Runs + (profiled ? 1 : 0); run++)
            {
                Progress.Step($"Replication ({name}), run {run + 1}: preparing, the node catching up");

                // The first run finds the tables as the node's initial copy left them; later runs reset them.
                if (run > 0)
                {
                    await prepare();
                }

                await node.WaitCaughtUpAsync(TimeSpan.FromMinutes(30), context.Cancellation);
                await node.StopAsync();
                await context.Primary.ExecuteAsync($"SELECT pg_copy_logical_replication_slot('{MainNode.Slot}', '{Slot}')", context.Cancellation);
                try
                {
                    Progress.Step($"Replication ({name}), run {run + 1}: workload on the primary");
                    long changes;
                    ulong end;
                    await using (var connection = await context.Primary.OpenAsync(context.Cancellation))
                    {
                        changes = await workload(connection);
                        await using var lsn = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()::text", connection);
                        end = Lsn.Parse((string)(await lsn.ExecuteScalarAsync(context.Cancellation))!);
                    }

                    var measured = !(profiled && run == 0);
                    Progress.Step($"Replication ({name}), run {run + 1}: pg_recvlogical drains {changes:N0} changes");
                    var drain = changes / (await DrainWithRecvLogicalAsync(end)).TotalSeconds;
                    Progress.Step($"Replication ({name}), run {run + 1}: the node applies them{(measured ? string.Empty : " under the profiler (not measured)")}");
                    var elapsed = await ApplyWithNodeAsync(end, measured ? null : name);
                    if (!measured)
                    {
                        continue;
                    }

                    drained.Add(drain);
                    if (elapsed is not null)
                    {
                        applied.Add(changes / elapsed.Value.TotalSeconds);
                    }
                    else
                    {
                        // Too slow to wait for: the rate is below changes / budget, an upper bound recorded as such.
                        applied.Add(changes / ApplyBudget.TotalSeconds);
                        context.Results.Note(InitialSyncScenario.Table, $"{row}: the node had not applied the {changes:N0} changes after " +
                            $"{ApplyBudget.TotalMinutes:F0} min, so its figure is an upper bound (changes / {ApplyBudget.TotalMinutes:F0} min) and no further runs were made.");
                        break;
                    }
                }
                finally
                {
                    if (node.Process is null)
                    {
                        await node.StartAsync(context.Cancellation);
                    }

                    await context.Primary.ExecuteAsync(
                        $"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '{Slot}'", CancellationToken.None);
                }
            }

            context.Results.Add(InitialSyncScenario.Table, row, InitialSyncScenario.Baseline, "changes/s", drained);
            context.Results.Add(InitialSyncScenario.Table, row, InitialSyncScenario.Replicator, "changes/s", applied);
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException or NpgsqlException)
        {
            var reason = "failed: " + OltpScenario.FirstLines(error.Message);
            context.Results.Unavailable(InitialSyncScenario.Table, row, InitialSyncScenario.Baseline, "changes/s", reason);
            context.Results.Unavailable(InitialSyncScenario.Table, row, InitialSyncScenario.Replicator, "changes/s", reason);
        }

        context.Results.Ratio($"replicator apply / pg_recvlogical, {name}", "#4",
            context.Results.Find(InitialSyncScenario.Table, row, InitialSyncScenario.Replicator),
            context.Results.Find(InitialSyncScenario.Table, row, InitialSyncScenario.Baseline), atLeast: true, 0.8);
    }

    private async Task<TimeSpan> DrainWithRecvLogicalAsync(ulong end)
    {
        var primary = context.Primary;
        var program = await PostgresBinaries.FindToolAsync("pg_recvlogical");
        var result = await ProcessRunner.RunAsync(new ProcessRequest(program,
        [
            "-h", primary.Host, "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", primary.Username, "-d", PrimaryServer.Database,
            "--slot", Slot, "--start", "--endpos", Lsn.Format(end), "--no-loop", "-F", "0",
            "-o", "proto_version=1", "-o", $"publication_names={MainNode.Publication}", "-f", "/dev/null",
        ])
        {
            Environment = new Dictionary<string, string?> { ["PGPASSWORD"] = primary.Password },
            Timeout = TimeSpan.FromMinutes(30),
        }, context.Cancellation);
        result.EnsureSuccess();
        return result.Elapsed;
    }

    /// <summary>How long the node may take to apply one workload before the run records an upper bound instead.</summary>
    private TimeSpan ApplyBudget => TimeSpan.FromMinutes(context.Options.Mode == Configuration.BenchMode.Full ? 15 : 2);

    /// <summary>The time from the node's first login until it applied up to <paramref name="end"/>; null past the budget.</summary>
    private async Task<TimeSpan?> ApplyWithNodeAsync(ulong end, string? profileName)
    {
        var running = await node.StartAsync(context.Cancellation);
        var clock = Stopwatch.StartNew();
        await using var profile = profileName is null ? null
            : await context.Profiler.StartAsync($"node-apply-{profileName}", running.Process.ProcessId, 10);
        try
        {
            return await running.WaitForReplayAsync(end, clock, ApplyBudget, context.Cancellation);
        }
        catch (TimeoutException) when (!running.Process.HasExited)
        {
            return null;
        }
    }

    private Task PrepareInsertAsync() => context.Primary.ExecuteAsync($"TRUNCATE {BenchTables.Insert}", context.Cancellation);

    private async Task<long> RunInsertAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {BenchTables.Insert}
            SELECT g, g % 1000, md5(g::text), timestamptz '2024-01-01 00:00:00+00' + g * interval '1 millisecond'
            FROM generate_series(1, {context.Options.ReplicationInsertRows.ToString(CultureInfo.InvariantCulture)}) g
            """, connection) { CommandTimeout = 0 };
        return await command.ExecuteNonQueryAsync(context.Cancellation);
    }

    private Task PrepareMixedAsync() =>
        context.Primary.ExecuteAsync(BenchTables.SeedMixed(context.Options.ReplicationMixedRows), context.Cancellation);

    /// <summary>Transactions of 10,000 rows each: four in five rows updated, the fifth deleted; every row changes once.</summary>
    private async Task<long> RunMixedAsync(NpgsqlConnection connection)
    {
        const int batch = 10_000;
        long changes = 0;
        for (var low = 1L; low <= context.Options.ReplicationMixedRows; low += batch)
        {
            var high = low + batch - 1;
            await using var command = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"""
                BEGIN;
                UPDATE {BenchTables.Mixed} SET k = k + 1, v = md5(v), n = n + 1 WHERE id BETWEEN {low} AND {high} AND id % 5 <> 0;
                DELETE FROM {BenchTables.Mixed} WHERE id BETWEEN {low} AND {high} AND id % 5 = 0;
                COMMIT;
                """), connection) { CommandTimeout = 0 };
            changes += await command.ExecuteNonQueryAsync(context.Cancellation);
        }

        return changes;
    }
}
