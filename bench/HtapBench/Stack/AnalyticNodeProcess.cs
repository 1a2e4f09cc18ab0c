using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace HtapRouter.Bench.Stack;

/// <summary>
/// The analytic node (src/AnalyticNode, Release build) as its users run it: <c>dotnet HtapRouter.AnalyticNode.dll
/// --port P --data file</c>, with the primary's connection string in the environment (not on the command line,
/// where every user could read its password) so its replicator copies and then streams the primary's tables.
/// </summary>
public sealed class AnalyticNodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private AnalyticNodeProcess(ServiceProcess process, int port, string dataPath)
    {
        Process = process;
        Port = port;
        DataPath = dataPath;
    }

    public ServiceProcess Process { get; }

    public int Port { get; }

    public string DataPath { get; }

    /// <summary>The node trusts its clients (no users configured), as the benchmark's loopback deployment does.</summary>
    public string ConnectionString => Clients.ConnectionString("127.0.0.1", Port, "postgres", null, PrimaryServer.Database);

    /// <summary>Starts the node and returns once it accepts a login; the replicator may still be copying.</summary>
    public static async Task<AnalyticNodeProcess> StartAsync(WorkDirectory work, BuiltPrograms programs, string name, string dataPath,
        PrimaryServer? primary, string? publication = null, string? slot = null, int? port = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(programs.AnalyticNode))
        {
            throw new FileNotFoundException($"The analytic node is not built: {programs.AnalyticNode} (bench/run.sh builds it).");
        }

        var listenPort = port ?? Ports.FreeLoopbackPort();
        var environment = new Dictionary<string, string>();
        if (primary is not null)
        {
            environment["HTAP_Replicator__Primary"] = primary.ConnectionString;
        }

        if (publication is not null)
        {
            environment["HTAP_Replicator__Publication"] = publication;
        }

        if (slot is not null)
        {
            environment["HTAP_Replicator__Slot"] = slot;
        }

        var process = ServiceProcess.Start(name, work, "dotnet",
            [programs.AnalyticNode, "--port", listenPort.ToString(CultureInfo.InvariantCulture), "--data", dataPath], environment);
        var node = new AnalyticNodeProcess(process, listenPort, dataPath);
        try
        {
            await Clients.WaitForLoginAsync(node.ConnectionString, process, StartTimeout, cancellationToken);
            return node;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>The replicator's applied position (pg_last_wal_replay_lsn()); null before the initial copy finished.</summary>
    public static async Task<ulong?> ReplayLsnAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()", connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Lsn.Parse(value.ToString()!);
    }

    /// <summary>
    /// Polls pg_last_wal_replay_lsn() until it reaches <paramref name="target"/> (or, with null, until the initial copy
    /// has finished) and returns when it saw that, to within the poll interval.
    /// </summary>
    public async Task<TimeSpan> WaitForReplayAsync(ulong? target, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var deadline = clock.Elapsed + timeout;
        while (true)
        {
            var lsn = await ReplayLsnAsync(connection, cancellationToken);
            if (lsn is { } applied && (target is null || applied >= target))
            {
                return clock.Elapsed;
            }

            if (Process.HasExited || clock.Elapsed > deadline)
            {
                throw new TimeoutException(
                    $"The node did not reach {(target is { } t ? Lsn.Format(t) : "the end of its initial copy")} within {timeout} " +
                    $"(applied: {(lsn is { } l ? Lsn.Format(l) : "nothing")}){(Process.HasExited ? "; it exited" : string.Empty)}.\n{Process.Tail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>SIGTERM: the node stops accepting, closes DuckDB cleanly (a checkpoint) and exits.</summary>
    public Task StopAsync() => Process.StopAsync(TimeSpan.FromMinutes(2));

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
