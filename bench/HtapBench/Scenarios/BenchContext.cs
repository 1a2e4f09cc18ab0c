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
}
