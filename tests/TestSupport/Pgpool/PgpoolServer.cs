using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HtapRouter.TestSupport.Processes;
using Npgsql;

namespace HtapRouter.TestSupport.Pgpool;

/// <summary>
/// A real pgpool-II (the installed one, Debian's pgpool2) run as a child process in the foreground on a free
/// loopback port, with its configuration, sockets, pid and status files in a private temporary directory and its
/// log captured. Start with <see cref="StartAsync"/>; disposing stops it (fast shutdown) and deletes the directory.
/// </summary>
public sealed partial class PgpoolServer : IAsyncDisposable
{
    private const int PortAttempts = 3;

    private readonly Process _process;
    private readonly OutputCollector _stdout;
    private readonly OutputCollector _stderr;
    private readonly PgpoolLayout _layout;
    private readonly PgpoolVersion _version;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private bool _stopped;

    private PgpoolServer(PgpoolOptions options, PgpoolVersion version, PgpoolLayout layout, int port, Process process, OutputCollector stdout, OutputCollector stderr)
    {
        Options = options;
        _version = version;
        _layout = layout;
        Port = port;
        _process = process;
        _stdout = stdout;
        _stderr = stderr;
    }

    public PgpoolOptions Options { get; }

    /// <summary>The loopback TCP port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Holds pgpool.conf, pool_passwd, pool_hba.conf, pcp.conf, the pid and status files and the sockets.</summary>
    public string Directory => _layout.Root;

    public Version Version => _version.Version;

    /// <summary>Everything pgpool has logged so far (it logs to stderr); put it in failure messages.</summary>
    public string Log => _stderr.Text + _stdout.Text;

    /// <summary>Where clients reach pgpool, as <see cref="PgpoolOptions.Username"/>, in <paramref name="database"/>.</summary>
    public PgEndpoint Endpoint(string database = "postgres") =>
        new(IPAddress.Loopback.ToString(), Port, Options.Username, Options.Password, database);

    /// <summary>
    /// Writes the configuration, starts pgpool and waits until a client can log in through it (which means pgpool
    /// has looked for the primary and logged in to the backends that are up). A failure carries pgpool's log and
    /// leaves nothing running.
    /// </summary>
    public static async Task<PgpoolServer> StartAsync(PgpoolOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var version = await PgpoolVersion.FindAsync();
        await StalePgpools.RemoveOnceAsync(options.TemporaryRoot, version);
        var layout = PgpoolLayout.Create(options.TemporaryRoot);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var pcpPort = FreeLoopbackPort();
                if (pcpPort == port)
                {
                    continue;
                }

                layout.Write(options, version, port, pcpPort);
                var server = Launch(options, version, layout, port);
                var failure = await server.WaitUntilReadyAsync(cancellationToken);
                if (failure is null)
                {
                    return server;
                }

                await server.StopProcessAsync();
                server._process.Dispose();
                var log = server.Log;
                if (attempt == PortAttempts || !log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"pgpool did not start: {failure}\n--- pgpool log ---\n{log}");
                }
            }
        }
        catch
        {
            DeleteDirectory(layout.Root);
            throw;
        }
    }

    /// <summary>Stops pgpool (fast shutdown: sessions are ended) and waits for it; the directory stays until disposal.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (!_stopped)
            {
                _stopped = true;
                await StopProcessAsync();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        DeleteDirectory(_layout.Root);
    }

    public override string ToString() => $"pgpool-II {Version} at 127.0.0.1:{Port}";

    private static PgpoolServer Launch(PgpoolOptions options, PgpoolVersion version, PgpoolLayout layout, int port)
    {
        // -n: stay in the foreground as our child, logging to stderr; -D: ignore any saved backend status.
        var startInfo = new ProcessStartInfo(version.ProgramPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = layout.Root,
        };
        foreach (var argument in (string[])["-n", "-D", "-f", layout.ConfigFile, "-F", layout.PcpFile, "-a", layout.HbaFile])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {version.ProgramPath}.");
        process.StandardInput.Close();
        return new PgpoolServer(options, version, layout, port, process, new OutputCollector(process.StandardOutput), new OutputCollector(process.StandardError));
    }

    /// <summary>Null once a client logged in through pgpool; otherwise why not, when pgpool exited or time ran out.</summary>
    private async Task<string?> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlDataSourceBuilder(Endpoint(Options.CheckDatabase).ConnectionString);

        // No type loading: its catalog queries would be load-balanced like any SELECT, and readiness is only a login.
        builder.ConfigureTypeLoading(loading => loading.EnableTypeLoading(false));
        builder.ConnectionStringBuilder.Timeout = 5;
        await using var source = builder.Build();
        var deadline = Stopwatch.StartNew();
        Exception? lastError = null;
        while (deadline.Elapsed < Options.StartTimeout)
        {
            if (_process.HasExited)
            {
                return $"pgpool exited with code {_process.ExitCode}.";
            }

            try
            {
                await using var connection = await source.OpenConnectionAsync(cancellationToken);
                return null;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException)
            {
                lastError = error;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        return $"no login succeeded within {Options.StartTimeout}; the last attempt said: {lastError?.Message}";
    }

    private async Task StopProcessAsync()
    {
        if (!_process.HasExited)
        {
            // pgpool's own stop command signals the process named in the pid file and waits for it.
            await ProcessRunner.RunAsync(
                new ProcessRequest(_version.ProgramPath, ["-f", _layout.ConfigFile, "-m", "fast", "stop"]) { Timeout = TimeSpan.FromSeconds(30) });
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(exit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await Task.WhenAny(Task.WhenAll(_stdout.Completion, _stderr.Completion), Task.Delay(TimeSpan.FromSeconds(5)));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    private static void DeleteDirectory(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}
