using System.Diagnostics;
using System.Globalization;
using HtapRouter.Bench.Measure;
using HtapRouter.Bench.Stack;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.Bench.Profiling;

/// <summary>
/// With --profile, samples the router or the node while a figure is measured: dotnet-trace's cpu-sampling profile
/// (the sampled thread-time profile as speedscope JSON, summarised by <see cref="SpeedscopeSummary"/>) and dotnet-counters' runtime counters (CSV). Both
/// tools are installed with <c>dotnet tool install --tool-path bench/.tools</c>. Without --profile it does nothing.
/// </summary>
public sealed class Profiler
{
    private readonly string? _tools;
    private readonly string _output;
    private readonly BenchResults _results;

    private Profiler(string? tools, string output, BenchResults results)
    {
        _tools = tools;
        _output = output;
        _results = results;
    }

    public const string Section = "Profiles";

    public static async Task<Profiler> CreateAsync(bool enabled, string repositoryRoot, BenchResults results)
    {
        var output = Path.Combine(repositoryRoot, "bench", "profiles");
        if (!enabled)
        {
            return new Profiler(null, output, results);
        }

        var tools = Path.Combine(repositoryRoot, "bench", ".tools");
        foreach (var tool in (string[])["dotnet-trace", "dotnet-counters"])
        {
            if (File.Exists(Path.Combine(tools, tool)))
            {
                continue;
            }

            Progress.Step($"Profiling: dotnet tool install {tool}");
            var install = await ProcessRunner.RunAsync(new ProcessRequest("dotnet", ["tool", "install", tool, "--tool-path", tools])
            {
                Timeout = TimeSpan.FromMinutes(5),
            });
            if (!install.Succeeded)
            {
                results.Note(Section, $"profiling is off: 'dotnet tool install {tool}' failed: {install.StandardError.Split('\n')[0]}");
                return new Profiler(null, output, results);
            }
        }

        Directory.CreateDirectory(output);
        return new Profiler(tools, output, results);
    }

    /// <summary>Starts sampling <paramref name="processId"/> for <paramref name="seconds"/>; null when profiling is off.</summary>
    public Task<ProfileSession?> StartAsync(string name, int processId, int seconds)
    {
        if (_tools is null)
        {
            return Task.FromResult<ProfileSession?>(null);
        }

        // dotnet-trace reads dd:hh:mm:ss, dotnet-counters hh:mm:ss.
        var duration = TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var trace = Path.Combine(_output, name + ".nettrace");
        var counters = Path.Combine(_output, name + ".counters.csv");
        var pid = processId.ToString(CultureInfo.InvariantCulture);
        var runs = new[]
        {
            ProcessRunner.RunAsync(new ProcessRequest(Path.Combine(_tools, "dotnet-trace"),
                ["collect", "-p", pid, "--profile", "dotnet-sampled-thread-time", "--duration", "00:" + duration, "--format", "Speedscope", "-o", trace])
            {
                Timeout = TimeSpan.FromSeconds(seconds + 120),
            }),
            ProcessRunner.RunAsync(new ProcessRequest(Path.Combine(_tools, "dotnet-counters"),
                ["collect", "-p", pid, "--format", "csv", "-o", counters, "--duration", duration])
            {
                Timeout = TimeSpan.FromSeconds(seconds + 120),
            }),
        };
        return Task.FromResult<ProfileSession?>(new ProfileSession(name, Path.ChangeExtension(trace, ".speedscope.json"), counters, runs, _results));
    }
}

/// <summary>One profile being collected; disposing waits for it and records what it found.</summary>
public sealed class ProfileSession(string name, string speedscope, string counters, Task<ProcessResult>[] runs, BenchResults results) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var finished = await Task.WhenAll(runs);
            var failed = finished.FirstOrDefault(r => !r.Succeeded);
            if (failed is not null)
            {
                results.Note(Profiler.Section, $"{name}: '{failed.CommandLine}' failed: {failed.StandardError.Split('\n')[0]}");
                return;
            }
        }
        catch (TimeoutException error)
        {
            results.Note(Profiler.Section, $"{name}: {error.Message.Split('\n')[0]}");
            return;
        }

        var hottest = File.Exists(speedscope) ? SpeedscopeSummary.HottestFrames(speedscope, 12) : [];
        results.Note(Profiler.Section, $"{name}: {Path.GetFileName(speedscope)} and {Path.GetFileName(counters)} in bench/profiles " +
            $"(waited {clock.Elapsed.TotalSeconds:F0} s for the tools). Hottest frames by self time: " +
            (hottest.Count == 0 ? "(none sampled)" : string.Join("; ", hottest.Select(f => $"{f.Frame} {f.Share:P1}"))));
    }
}
