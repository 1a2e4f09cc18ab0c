using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.EndToEnd.Tests.Stack;

/// <summary>
/// The stack of devtools/htap-setup/local in a temporary data directory, on free ports instead of 5432, 5433 and
/// 9999, driven only through its scripts: up.sh, check.sh and down.sh. Disposing runs down.sh --wipe.
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    public const string User = "postgres";
    public const string Password = "postgres";
    public const string Database = "postgres";

    /// <summary>Names the test process, so a later run can stop the stacks of a test host that was killed.</summary>
    private const string DirectoryPrefix = "htap-stack-";

    private LocalStack(string dataDirectory, int primaryPort, int nodePort, int routerPort)
    {
        DataDirectory = dataDirectory;
        PrimaryPort = primaryPort;
        NodePort = nodePort;
        RouterPort = routerPort;
    }

    public string DataDirectory { get; }

    public int PrimaryPort { get; }

    public int NodePort { get; }

    public int RouterPort { get; }

    public PgEndpoint Router => new("127.0.0.1", RouterPort, User, Password, Database);

    public PgEndpoint Primary => new("127.0.0.1", PrimaryPort, User, Password, Database);

    public PgEndpoint Node => new("127.0.0.1", NodePort, User, Password, Database);

    /// <summary>A new data directory and three free loopback ports; first stops stacks that dead test runs left.</summary>
    public static async Task<LocalStack> CreateAsync()
    {
        var parent = Path.GetTempPath();
        await StaleDirectories.RemoveOnceAsync(parent, DirectoryPrefix, OwnerOf,
            directory => RunScriptAsync(RepositoryPaths.DownScript, ["--data-dir", directory, "--wipe"], TimeSpan.FromMinutes(2)));
        var directory = Path.Combine(parent, $"{DirectoryPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var ports = FreeLoopbackPorts(3);
        return new LocalStack(directory, ports[0], ports[1], ports[2]);
    }

    /// <summary>Runs up.sh for this stack's directory and ports, with <paramref name="arguments"/> after them.</summary>
    public Task<ProcessResult> UpAsync(params string[] arguments) =>
        RunScriptAsync(RepositoryPaths.UpScript,
        [
            "--data-dir", DataDirectory,
            "--primary-port", Invariant(PrimaryPort), "--node-port", Invariant(NodePort), "--router-port", Invariant(RouterPort),
            "--timeout", "90", .. arguments,
        ], TimeSpan.FromMinutes(5));

    public Task<ProcessResult> DownAsync(bool wipe) =>
        RunScriptAsync(RepositoryPaths.DownScript, wipe ? ["--data-dir", DataDirectory, "--wipe"] : ["--data-dir", DataDirectory],
            TimeSpan.FromMinutes(2));

    /// <summary>Runs check.sh against this stack; <paramref name="arguments"/> come last and so override.</summary>
    public Task<ProcessResult> CheckAsync(string report, params string[] arguments) =>
        RunScriptAsync(RepositoryPaths.CheckScript, ["--data-dir", DataDirectory, "--report", report, .. arguments], TimeSpan.FromMinutes(3));

    /// <summary>The pid up.sh recorded for "node" or "router", or null.</summary>
    public int? RecordedPid(string component)
    {
        var file = Path.Combine(DataDirectory, "run", component + ".pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>The end of each component's log, for failure messages.</summary>
    public string Logs()
    {
        var logs = Path.Combine(DataDirectory, "logs");
        if (!Directory.Exists(logs))
        {
            return "(no logs)";
        }

        return string.Join('\n', Directory.EnumerateFiles(logs, "*.log").Order().Select(log =>
            $"--- {Path.GetFileName(log)} ---\n{string.Join('\n', File.ReadLines(log).TakeLast(40))}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(DataDirectory))
        {
            await DownAsync(wipe: true);
        }
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static async Task<ProcessResult> RunScriptAsync(string script, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var request = new ProcessRequest("bash", [script, .. arguments])
        {
            WorkingDirectory = RepositoryPaths.Root,
            Timeout = timeout,
            Environment = new Dictionary<string, string?>
            {
                // The test host's MSBuild settings are for its own build, not for the publish up.sh runs.
                ["MSBuildExtensionsPath"] = null,
                ["MSBuildSDKsPath"] = null,
                ["MSBUILD_EXE_PATH"] = null,
                // No build servers left running after the test, holding its output pipes open.
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1",
                ["UseSharedCompilation"] = "false",
                ["PGPASSWORD"] = null,
            },
        };
        return await ProcessRunner.RunAsync(request);
    }

    private static int? OwnerOf(string directory)
    {
        var name = Path.GetFileName(directory);
        var pid = name[DirectoryPrefix.Length..].Split('-')[0];
        return int.TryParse(pid, CultureInfo.InvariantCulture, out var owner) ? owner : null;
    }

    private static int[] FreeLoopbackPorts(int count)
    {
        // Held open together, so the ports differ; released before up.sh binds them.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
