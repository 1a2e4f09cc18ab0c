using System.Diagnostics;
using System.Globalization;
using HtapRouter.Bench.Measure;
using HtapRouter.Bench.Stack;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.Bench.Profiling;

/// <summary>
/// With --profile, samples the router or the node while a figure is measured: dotnet-trace's sampled thread-time
/// profile (speedscope JSON, summarised by <see cref="SpeedscopeSummary"/>), the process's user and kernel CPU time
/// from /proc over the same window (<see cref="ProcessCpu"/>: a proxy spends most of its time in the kernel, where no
/// managed profile sees), and dotnet-counters' runtime counters (CSV) when that tool can be installed. The tools are
/// installed with <c>dotnet tool install --tool-path bench/.tools</c>. Without --profile it does nothing.
/// </summary>
public sealed class Profiler
{
    private readonly string? _trace;
    private readonly string? _counters;
    private readonly string _output;
    private readonly BenchResults _results;

    private Profiler(string? trace, string? counters, string output, BenchResults results)
    {
        _trace = trace;
        _counters = counters;
        _output = output;
        _results = results;
    }

    public const string Section = "Profiles";

    /// <summary>Whether this run profiles (--profile, and dotnet-trace could be had).</summary>
    public bool Enabled => _trace is not null;

    public static async Task<Profiler> CreateAsync(bool enabled, string repositoryRoot, BenchResults results)
    {
        var output = Path.Combine(repositoryRoot, "bench", "profiles");
        if (!enabled)
        {
            return new Profiler(null, null, output, results);
        }

        var tools = Path.Combine(repositoryRoot, "bench", ".tools");
        var trace = await InstallAsync(tools, "dotnet-trace", results);
        if (trace is null)
        {
            results.Note(Section, "profiling is off: dotnet-trace is needed and could not be installed");
            return new Profiler(null, null, output, results);
        }

        var counters = await InstallAsync(tools, "dotnet-counters", results);
        Directory.CreateDirectory(output);
        return new Profiler(trace, counters, output, results);
    }

    /// <summary>Starts sampling <paramref name="processId"/> for <paramref name="seconds"/>; null when profiling is off.</summary>
    public Task<ProfileSession?> StartAsync(string name, int processId, int seconds)
    {
        if (_trace is null)
        {
            return Task.FromResult<ProfileSession?>(null);
        }

        // dotnet-trace reads dd:hh:mm:ss, dotnet-counters hh:mm:ss.
        var duration = TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var trace = Path.Combine(_output, name + ".nettrace");
        var counters = Path.Combine(_output, name + ".counters.csv");
        var pid = processId.ToString(CultureInfo.InvariantCulture);
        var runs = new List<Task<ProcessResult>>
        {
            ProcessRunner.RunAsync(new ProcessRequest(_trace,
                ["collect", "-p", pid, "--profile", "dotnet-sampled-thread-time", "--duration", "00:" + duration, "--format", "Speedscope", "-o", trace])
            {
                Timeout = TimeSpan.FromSeconds(seconds + 120),
            }),
        };
        if (_counters is not null)
        {
            runs.Add(ProcessRunner.RunAsync(new ProcessRequest(_counters, ["collect", "-p", pid, "--format", "csv", "-o", counters, "--duration", duration])
            {
                Timeout = TimeSpan.FromSeconds(seconds + 120),
            }));
        }

        var cpu = ProcessCpu.Start(processId);
        return Task.FromResult<ProfileSession?>(new ProfileSession(name, Path.ChangeExtension(trace, ".speedscope.json"),
            _counters is null ? null : counters, cpu, seconds, [.. runs], _results));
    }

    /// <summary>The tool's path under <paramref name="tools"/>, installing it there first; null (and a note) when it cannot be had.</summary>
    private static async Task<string?> InstallAsync(string tools, string tool, BenchResults results)
    {
        var path = Path.Combine(tools, tool);
        if (File.Exists(path))
        {
            return path;
        }

        Progress.Step($"Profiling: dotnet tool install {tool}");
        var install = await ProcessRunner.RunAsync(new ProcessRequest("dotnet", ["tool", "install", tool, "--tool-path", tools])
        {
            Timeout = TimeSpan.FromMinutes(5),
        });
        if (install.Succeeded)
        {
            return path;
        }

        var reason = (install.StandardError + install.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "no output";
        results.Note(Section, $"'dotnet tool install {tool}' failed ({reason}), so there are no {tool} figures in this run.");
        return null;
    }
}

/// <summary>One profile being collected; disposing waits for it and records what it found.</summary>
public sealed class ProfileSession(string name, string speedscope, string? counters, ProcessCpu cpu, int seconds, Task<ProcessResult>[] runs,
    BenchResults results) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        // The CPU window closes with the measurement, not when the tools finish writing.
        var usage = cpu.Stop();
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
        var files = counters is null ? Path.GetFileName(speedscope) : $"{Path.GetFileName(speedscope)} and {Path.GetFileName(counters)}";
        results.Note(Profiler.Section, $"{name} ({seconds} s sampled): {usage}. {files} in bench/profiles " +
            $"(waited {clock.Elapsed.TotalSeconds:F0} s for the tools). Hottest managed frames by self time of busy threads: " +
            (hottest.Count == 0 ? "(none sampled)" : string.Join("; ", hottest.Select(f => $"{f.Frame} {f.Share:P1}"))));
    }
}
