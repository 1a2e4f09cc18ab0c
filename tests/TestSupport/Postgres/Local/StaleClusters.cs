using System.Collections.Concurrent;
using System.Diagnostics;

namespace HtapRouter.TestSupport.Postgres.Local;

/// <summary>
/// Removes clusters left behind by test processes that died without disposing them (a killed or crashed test host).
/// Their postmasters would otherwise run, holding ports and memory, until the machine restarts. A cluster is stale
/// when the process named in its directory no longer runs; clusters of live test runs, including other users'
/// sharing the temporary directory, are left alone.
/// </summary>
internal static class StaleClusters
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> SweptParents = new();

    /// <summary>Sweeps <paramref name="parent"/> once per test process; later calls share the first sweep.</summary>
    public static Task RemoveOnceAsync(string parent, string binDirectory, ServerAccount account) =>
        SweptParents.GetOrAdd(
            Path.GetFullPath(parent),
            fullPath => new Lazy<Task>(() => RemoveAsync(fullPath, binDirectory, account))).Value;

    private static async Task RemoveAsync(string parent, string binDirectory, ServerAccount account)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var root in Directory.EnumerateDirectories(parent, ClusterLayout.NamePrefix + "*"))
        {
            if (ClusterLayout.OwnerProcessId(root) is not { } owner || IsRunning(owner))
            {
                continue;
            }

            try
            {
                await new PgCtl(binDirectory, ClusterLayout.Open(root), account).StopAsync(CancellationToken.None);
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
