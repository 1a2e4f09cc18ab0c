using System.Text.Json;

namespace HtapRouter.Bench.Profiling;

/// <summary>
/// Reads dotnet-trace's speedscope output (evented, one profile per thread, from the sampled thread-time profile)
/// into where the busy threads spend their time. Each interval goes to the innermost managed frame on the stack,
/// marked "(native)" when the thread was in native code under it (DuckDB, libpg_query, the kernel). Intervals
/// whose frame is a wait (thread pool idling, socket event loop, timers, file watcher) are left out: those
/// threads are idle, not slow. So is Thread.PollGC: there a thread waits while the runtime is suspended, which the
/// sampler itself does for every sample (the router's /metrics shows a handful of collections per 100,000
/// transactions, far too few for the share PollGC takes in a profile).
/// </summary>
public static class SpeedscopeSummary
{
    private static readonly string[] PseudoFrames = ["UNMANAGED_CODE_TIME", "CPU_TIME", "?!?"];

    private static readonly string[] IdleMarkers =
        ["Wait", "EventLoop", "Sleep", "TimerThread", "WorkerThreadStart", "FileSystem.Watcher", "Monitor.", "ReadAsync", "Accept", "PollGC"];

    public sealed record HotFrame(string Frame, double Share);

    public static IReadOnlyList<HotFrame> HottestFrames(string path, int count)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var frames = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString() ?? "?").ToArray();
        var pseudo = frames.Select(f => PseudoFrames.Contains(f)).ToArray();
        var idle = frames.Select(f => IdleMarkers.Any(m => f.Contains(m, StringComparison.Ordinal))).ToArray();
        var time = new Dictionary<(int Frame, bool Native), double>();
        foreach (var profile in document.RootElement.GetProperty("profiles").EnumerateArray())
        {
            if (profile.GetProperty("type").GetString() != "evented")
            {
                continue;
            }

            var stack = new List<int>();
            double last = 0;
            foreach (var e in profile.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetDouble();
                var managed = stack.FindLastIndex(f => !pseudo[f]);
                if (managed >= 0 && !idle[stack[managed]])
                {
                    var key = (stack[managed], stack[^1] != stack[managed] && frames[stack[^1]] == "UNMANAGED_CODE_TIME");
                    time[key] = time.GetValueOrDefault(key) + (at - last);
                }

                last = at;
                if (e.GetProperty("type").GetString() == "O")
                {
                    stack.Add(e.GetProperty("frame").GetInt32());
                }
                else if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }
            }
        }

        var total = time.Values.Sum();
        return total <= 0 ? [] : [.. time.OrderByDescending(t => t.Value).Take(count)
            .Select(t => new HotFrame(Shorten(frames[t.Key.Frame]) + (t.Key.Native ? " (native)" : string.Empty), t.Value / total))];
    }

    // "Assembly!Namespace.Type.Method(args)" is long; the type and method say enough.
    private static string Shorten(string frame)
    {
        var name = frame[(frame.IndexOf('!', StringComparison.Ordinal) + 1)..];
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        name = paren > 0 ? name[..paren] : name;
        var parts = name.Split('.');
        return parts.Length > 2 ? string.Join('.', parts[^2..]) : name;
    }
}
