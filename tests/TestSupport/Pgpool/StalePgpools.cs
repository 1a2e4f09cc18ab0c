using System.Collections.Concurrent;
using System.Diagnostics;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.TestSupport.Pgpool;

/// <summary>
/// Stops and removes pgpools left behind by test processes that died without disposing them; their processes would
/// otherwise keep ports and shared memory until the machine restarts. Directories of live test runs are left alone.
/// </summary>
internal static class StalePgpools
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> SweptParents = new();

    /// <summary>Sweeps <paramref name="parent"/> once per test process; later calls share the first sweep.</summary>
    public static Task RemoveOnceAsync(string parent, PgpoolVersion version) =>
        SweptParents.GetOrAdd(Path.GetFullPath(parent), fullPath => new Lazy<Task>(() => RemoveAsync(fullPath, version))).Value;

    private static async Task RemoveAsync(string parent, PgpoolVersion version)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var root in Directory.EnumerateDirectories(parent, PgpoolLayout.NamePrefix + "*"))
        {
            if (PgpoolLayout.OwnerProcessId(root) is not { } owner || IsRunning(owner))
            {
                continue;
            }

            try
            {
                var layout = PgpoolLayout.Open(root);
                if (File.Exists(layout.PidFile))
                {
                    await ProcessRunner.RunAsync(
                        new ProcessRequest(version.ProgramPath, ["-f", layout.ConfigFile, "-m", "immediate", "stop"]) { Timeout = TimeSpan.FromSeconds(30) });
                }

                Directory.Delete(root, recursive: true);
            }
            catch (Exception)
            {
                // Another test process may be sweeping the same directory; whatever is left, a later sweep removes.
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
