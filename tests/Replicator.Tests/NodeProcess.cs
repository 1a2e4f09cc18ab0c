using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HtapRouter.TestSupport;

namespace HtapRouter.Replicator.Tests;

/// <summary>
/// The analytic node as its own operating-system process, started from the build output the way an operator
/// runs it (<c>dotnet HtapRouter.AnalyticNode.dll --port --data --primary</c>), so that a test can kill it with
/// SIGKILL at any moment and start it again on the same DuckDB file.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private NodeProcess(string directory, string primary, string name)
    {
        Directory = directory;
        Primary = primary;
        Name = name;
    }

    public string Directory { get; }

    public string DataPath => Path.Combine(Directory, "analytic.duckdb");

    public string Primary { get; }

    public string Name { get; }

    public int Port { get; private set; }

    /// <summary>Times the process was started.</summary>
    public int Starts { get; private set; }

    public PgEndpoint Endpoint() => new("127.0.0.1", Port, "postgres", "", "postgres");

    /// <summary>The last lines the node wrote, across all its runs.</summary>
    public string Tail(int count = 30) => string.Join("\n", _output.TakeLast(count));

    public static NodeProcess Create(string primary, string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"htap-node-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        return new NodeProcess(directory, primary, name);
    }

    /// <summary>Starts the node on a free port and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        Port = FreeLoopbackPort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "HtapRouter.AnalyticNode.dll"), "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--data", DataPath, "--primary", Primary, "--publication", $"pub_{Name}", "--slot", $"slot_{Name}", "--threads", "2",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HTAP_Replicator__BatchMaxDelay"] = "00:00:00.050";
        start.Environment["HTAP_Replicator__ReconnectDelay"] = "00:00:00.200";
        start.Environment["HTAP_Replicator__MaxReconnectDelay"] = "00:00:01";
        start.Environment["HTAP_Replicator__StatusInterval"] = "00:00:00.200";
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Starts++;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.False(_process.HasExited, $"the node exited with {(_process.HasExited ? _process.ExitCode : 0)}\n{Tail()}");
            Assert.True(DateTime.UtcNow < deadline, $"the node did not listen within a minute\n{Tail()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye to the primary.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Only a temp directory left behind.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000)
        {
            _output.TryDequeue(out _);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
