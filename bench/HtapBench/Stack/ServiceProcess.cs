using System.Diagnostics;
using System.Globalization;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.Bench.Stack;

/// <summary>
/// A server the harness runs as a child process for a while (the node, the router, PgBouncer): its output goes to a
/// log file in the work directory, its pid to a pid file there, and stopping it sends SIGTERM, then kills it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly WorkDirectory _work;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Lock _lock = new();
    private readonly Task _pumps;
    private bool _closed;

    private ServiceProcess(string name, Process process, WorkDirectory work)
    {
        Name = name;
        _process = process;
        _work = work;
        LogPath = work.PathOf(name + ".log");
        _log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        _pumps = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError));
        work.RecordProcess(name, process.Id);
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="fileName"/>; environment entries are added to the inherited environment.</summary>
    public static ServiceProcess Start(string name, WorkDirectory work, string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? work.Root,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        return new ServiceProcess(name, process, work);
    }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Tail()
    {
        lock (_lock)
        {
            return string.Join('\n', _tail);
        }
    }

    /// <summary>Resident memory of <paramref name="processId"/> (default this process) from /proc, in bytes; null once it is gone.</summary>
    public long? ResidentBytes(int? processId = null) => Rss(processId ?? ProcessId);

    public static long? Rss(int processId)
    {
        var status = $"/proc/{processId}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = line?["VmRSS:".Length..].Trim().Split(' ')[0];
        return long.TryParse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
    }

    /// <summary>SIGTERM, then a kill after <paramref name="grace"/>; returns once the process and its output are done.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (!_process.HasExited)
        {
            await ProcessRunner.RunAsync(new ProcessRequest("kill", ["-s", "TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]));
            using var deadline = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await Task.WhenAny(_pumps, Task.Delay(TimeSpan.FromSeconds(5)));
        _work.ForgetProcess(Name);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        lock (_lock)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                if (_closed)
                {
                    return;
                }

                _log.WriteLine(line);
                _tail.Enqueue(line);
                if (_tail.Count > TailLines)
                {
                    _tail.Dequeue();
                }
            }
        }
    }
}
