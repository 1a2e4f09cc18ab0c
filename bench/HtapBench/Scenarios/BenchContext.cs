using System.Diagnostics;
using HtapRouter.Bench.Configuration;
using HtapRouter.Bench.Measure;
using HtapRouter.Bench.Profiling;
using HtapRouter.Bench.Stack;

namespace HtapRouter.Bench.Scenarios;

/// <summary>What every scenario works with: the run's options, its directory, the primary, and where results go.</summary>
public sealed record BenchContext(
    BenchOptions Options,
    WorkDirectory Work,
    BuiltPrograms Programs,
    PrimaryServer Primary,
    BenchResults Results,
    Profiler Profiler,
    CancellationToken Cancellation)
{
    /// <summary>Runs <paramref name="body"/> <see cref="BenchOptions.Runs"/> times and returns the samples it measured.</summary>
    public async Task<List<double>> RepeatAsync(Func<int, Task<double>> body)
    {
        var samples = new List<double>();
        for (var run = 0; run < Options.Runs; run++)
        {
            Cancellation.ThrowIfCancellationRequested();
            samples.Add(await body(run));
        }

        return samples;
    }

    /// <summary>
    /// With --profile, samples process <paramref name="processId"/> for <paramref name="seconds"/> while
    /// <paramref name="workload"/> runs over and over. These runs are extra: the profiler slows what it watches, so no
    /// figure is taken from them. Without --profile it does nothing.
    /// </summary>
    public async Task ProfileAsync(string name, int processId, int seconds, Func<Task> workload)
    {
        if (!Profiler.Enabled)
        {
            return;
        }

        Progress.Step($"Profiling {name} for {seconds} s (extra runs, not measured)");
        await using var session = await Profiler.StartAsync(name, processId, seconds);
        var clock = Stopwatch.StartNew();
        try
        {
            do
            {
                Cancellation.ThrowIfCancellationRequested();
                await workload();
            }
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            Results.Note(Profiler.Section, $"{name}: the profiled workload failed: {error.GetType().Name}: {error.Message.Split('\n')[0]}");
        }
    }
}
