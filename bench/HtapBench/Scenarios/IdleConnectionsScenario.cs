using System.Collections.Concurrent;
using System.Diagnostics;
using HtapRouter.Bench.Stack;
using Npgsql;

namespace HtapRouter.Bench.Scenarios;

/// <summary>
/// Scenario 1b: a thousand client connections logged in and left idle against the router, with the router's
/// resident memory before and while they are held, and whether a new client is still served promptly. PgBouncer
/// gets the same treatment as a reference point.
/// </summary>
public sealed class IdleConnectionsScenario(BenchContext context)
{
    public const string Table = "Idle client connections";
    private const string Opened = "connections opened and held";
    private const string RssBefore = "resident memory before";
    private const string RssHeld = "resident memory while held";
    private const string PerConnection = "memory per idle connection";
    private const string NewClient = "new client while held: connect + SELECT 1";

    public async Task RunAsync(RouterProcess? router, PgBouncerProcess? bouncer, string? routerUnavailable)
    {
        if (router is null)
        {
            foreach (var (row, unit) in Rows)
            {
                context.Results.Unavailable(Table, row, "router", unit, routerUnavailable ?? "the router is not running");
            }
        }
        else
        {
            await MeasureAsync("router", router.ConnectionString, () => router.Process.ResidentBytes());
        }

        if (bouncer is not null)
        {
            await MeasureAsync("PgBouncer (reference)", bouncer.ConnectionString,
                () => bouncer.ServerProcessId is { } pid ? ServiceProcess.Rss(pid) : null);
        }
    }

    private static (string Row, string Unit)[] Rows =>
        [(Opened, "connections"), (RssBefore, "MiB"), (RssHeld, "MiB"), (PerConnection, "KiB"), (NewClient, "ms")];

    private const int MaxFailures = 16;

    /// <summary>Connect + SELECT 1 on a new connection while the idle ones are held, in ms; null (and why) when it fails.</summary>
    private async Task<double?> NewClientAsync(string connectionString, string column)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await using var fresh = new NpgsqlConnection(connectionString);
            await fresh.OpenAsync(context.Cancellation);
            await using var command = new NpgsqlCommand("SELECT 1", fresh);
            await command.ExecuteScalarAsync(context.Cancellation);
            return clock.Elapsed.TotalMilliseconds;
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException)
        {
            context.Results.Unavailable(Table, NewClient, column, "ms", "failed: " + OltpScenario.FirstLines(error.Message));
            return null;
        }
    }

    private async Task MeasureAsync(string column, string connectionString, Func<long?> residentBytes)
    {
        var count = context.Options.IdleConnections;
        Progress.Step($"Idle connections: holding {count} against {column}");
        var before = residentBytes();
        var held = new ConcurrentBag<NpgsqlConnection>();
        var errors = new ConcurrentBag<string>();

        // A proxy that cannot take more clients makes each further attempt wait for its timeout; a few failures say enough.
        var bounded = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 10 }.ConnectionString;
        try
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = context.Cancellation },
                async (_, token) =>
                {
                    if (errors.Count >= MaxFailures)
                    {
                        return;
                    }

                    var connection = new NpgsqlConnection(bounded);
                    try
                    {
                        await connection.OpenAsync(token);
                        held.Add(connection);
                    }
                    catch (Exception error) when (error is NpgsqlException or TimeoutException)
                    {
                        errors.Add(error.Message);
                        await connection.DisposeAsync();
                    }
                });

            // Let the server settle (allocations of the login burst, a GC) before reading its memory.
            await Task.Delay(TimeSpan.FromSeconds(2), context.Cancellation);
            var during = residentBytes();
            var results = context.Results;
            var latency = await NewClientAsync(bounded, column);
            results.Add(Table, Opened, column, "connections", [held.Count]);
            if (!errors.IsEmpty)
            {
                results.Note(Table, $"{column}: {held.Count} of {count} connections could be opened (attempts stopped after {errors.Count} failures), " +
                    $"e.g. {errors.First()}");
            }

            if (before is { } b && during is { } d)
            {
                results.Add(Table, RssBefore, column, "MiB", [b / 1048576.0]);
                results.Add(Table, RssHeld, column, "MiB", [d / 1048576.0]);
                results.Add(Table, PerConnection, column, "KiB", [held.IsEmpty ? double.NaN : (d - b) / 1024.0 / held.Count]);
            }

            if (latency is { } ms)
            {
                results.Add(Table, NewClient, column, "ms", [ms]);
            }
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
