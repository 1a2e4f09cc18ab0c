using System.Globalization;
using System.Security.Cryptography;

namespace HtapRouter.Bench.Stack;

/// <summary>
/// The run's private directory: clusters, DuckDB files, proxy configuration and logs all live under it, and every
/// long-running process started by the harness leaves a <c>*.pid</c> file in it. bench/run.sh relies on that: after
/// the harness exits, however it exited, it kills whatever those pid files name and removes the directory.
/// </summary>
public sealed class WorkDirectory
{
    private WorkDirectory(string root, bool created)
    {
        Root = root;
        Created = created;
    }

    public string Root { get; }

    /// <summary>Whether the harness made the directory (and so may delete it), rather than being given it.</summary>
    public bool Created { get; }

    public static WorkDirectory Open(string? given)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The benchmark runs PostgreSQL, PgBouncer and pgpool-II as Linux processes.");
        }

        var root = given ?? Path.Combine(Path.GetTempPath(),
            string.Create(CultureInfo.InvariantCulture, $"htap-bench-{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}"));
        var created = !System.IO.Directory.Exists(root);
        System.IO.Directory.CreateDirectory(root);

        // The server account (postgres) runs the clusters and PgBouncer below this directory and must traverse it.
        System.IO.File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return new WorkDirectory(Path.GetFullPath(root), created);
    }

    /// <summary>A subdirectory, made when missing.</summary>
    public string Subdirectory(string name)
    {
        var path = Path.Combine(Root, name);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Records a process so that bench/run.sh can kill it should the harness die without stopping it.</summary>
    public void RecordProcess(string name, int processId) =>
        System.IO.File.WriteAllText(PathOf(name + ".pid"), processId.ToString(CultureInfo.InvariantCulture) + "\n");

    public void ForgetProcess(string name) => System.IO.File.Delete(PathOf(name + ".pid"));

    public void Delete()
    {
        if (System.IO.Directory.Exists(Root))
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
    }
}
