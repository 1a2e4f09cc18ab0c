using System.Diagnostics;
using System.Globalization;

namespace HtapRouter.Bench.Profiling;

/// <summary>
/// A process's user and kernel CPU time over a window, from /proc/&lt;pid&gt;/stat (utime and stime, fields 14 and 15,
/// in clock ticks): how many cores it kept busy, and how much of that was system calls and scheduling.
/// </summary>
public sealed class ProcessCpu
{
    // USER_HZ: 100 on every Linux configuration that runs .NET.
    private const double TicksPerSecond = 100;

    private readonly int _processId;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly (long User, long Kernel)? _start;

    private ProcessCpu(int processId)
    {
        _processId = processId;
        _start = Read(processId);
    }

    public static ProcessCpu Start(int processId) => new(processId);

    /// <summary>What the process used since <see cref="Start"/>, in words.</summary>
    public string Stop()
    {
        var elapsed = _clock.Elapsed.TotalSeconds;
        if (_start is not { } start || Read(_processId) is not { } end || elapsed <= 0)
        {
            return "CPU time not readable from /proc";
        }

        var user = (end.User - start.User) / TicksPerSecond;
        var kernel = (end.Kernel - start.Kernel) / TicksPerSecond;
        var total = user + kernel;
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU {total / elapsed:F2} cores over {elapsed:F0} s, {(total > 0 ? kernel / total : 0):P0} of it in the kernel");
    }

    private static (long User, long Kernel)? Read(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");

            // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture), long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
