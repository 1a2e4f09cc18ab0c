using System.Text.Json;

namespace HtapRouter.Bench.Profiling;

/// <summary>Reads dotnet-trace's speedscope output (evented profiles, one per thread) into self time per frame.</summary>
public static class SpeedscopeSummary
{
    public sealed record HotFrame(string Frame, double Share);

    public static IReadOnlyList<HotFrame> HottestFrames(string path, int count)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var frames = document.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString() ?? "?").ToArray();
        var self = new double[frames.Length];
        foreach (var profile in document.RootElement.GetProperty("profiles").EnumerateArray())
        {
            if (profile.GetProperty("type").GetString() != "evented")
            {
                continue;
            }

            // Time between two events belongs to the frame on top of the stack then.
            var stack = new Stack<int>();
            double last = 0;
            foreach (var e in profile.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetDouble();
                if (stack.Count > 0)
                {
                    self[stack.Peek()] += at - last;
                }

                last = at;
                var frame = e.GetProperty("frame").GetInt32();
                if (e.GetProperty("type").GetString() == "O")
                {
                    stack.Push(frame);
                }
                else if (stack.Count > 0)
                {
                    stack.Pop();
                }
            }
        }

        var total = self.Sum();
        return total <= 0 ? [] : [.. self.Select((time, i) => new HotFrame(frames[i], time / total))
            .OrderByDescending(f => f.Share).Take(count)];
    }
}
