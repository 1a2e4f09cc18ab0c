using System.Diagnostics;

namespace HtapRouter.Bench.Stack;

/// <summary>
/// The analytic node that replicates every table of the bench database (publication htap_pub, slot htap_slot). It is
/// stopped and started again by the replication scenario, always on the same port and file, so the analytic router
/// and every figure see one node.
/// </summary>
public sealed class MainNode(WorkDirectory work, BuiltPrograms programs, PrimaryServer primary) : IAsyncDisposable
{
    public const string Publication = "htap_pub";
    public const string Slot = "htap_slot";

    private readonly int _port = Ports.FreeLoopbackPort();

    public string DataPath { get; } = work.PathOf("analytic.duckdb");

    public AnalyticNodeProcess? Process { get; private set; }

    public AnalyticNodeProcess Running => Process ?? throw new InvalidOperationException("The analytic node is not running.");

    /// <summary>Starts the node; it is ready for logins, not necessarily done copying (see <see cref="WaitCaughtUpAsync"/>).</summary>
    public async Task<AnalyticNodeProcess> StartAsync(CancellationToken cancellationToken)
    {
        Process = await AnalyticNodeProcess.StartAsync(work, programs, "node", DataPath, primary, port: _port, cancellationToken: cancellationToken);
        return Process;
    }

    /// <summary>Stops the node cleanly (SIGTERM), which closes the DuckDB file.</summary>
    public async Task StopAsync()
    {
        if (Process is { } process)
        {
            Process = null;
            await process.DisposeAsync();
        }
    }

    /// <summary>Waits until the node has applied everything the primary has written so far.</summary>
    public async Task WaitCaughtUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = await primary.CurrentLsnAsync(cancellationToken);
        await Running.WaitForReplayAsync(target, Stopwatch.StartNew(), timeout, cancellationToken);
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
