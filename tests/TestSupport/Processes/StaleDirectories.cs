using System.Collections.Concurrent;
using System.Diagnostics;

namespace HtapRouter.TestSupport.Processes;

/// <summary>
/// Removes what test processes left behind when they died without disposing it (a killed or crashed test host): a
/// directory of a known prefix that names its owning process, whose servers would otherwise run, holding ports and
/// memory, until the machine restarts. A directory is stale when its owner no longer runs; those of live test runs,
/// including other users' sharing the temporary directory, are left alone.
/// </summary>
internal static class StaleDirectories
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Swept = new();

    /// <summary>
    /// Sweeps the <paramref name="prefix"/>* directories of <paramref name="parent"/> once per test process (later
    /// calls share the first sweep): for each stale one, <paramref name="stop"/> stops its server, then it is deleted.
    /// </summary>
    public static Task RemoveOnceAsync(string parent, string prefix, Func<string, int?> ownerOf, Func<string, Task> stop)
    {
        var fullPath = Path.GetFullPath(parent);
        return Swept.GetOrAdd(Path.Combine(fullPath, prefix),
            _ => new Lazy<Task>(() => RemoveAsync(fullPath, prefix, ownerOf, stop))).Value;
    }

    private static async Task RemoveAsync(string parent, string prefix, Func<string, int?> ownerOf, Func<string, Task> stop)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var root in Directory.EnumerateDirectories(parent, prefix + "*"))
        {
            if (ownerOf(root) is not { } owner || IsRunning(owner))
            {
                continue;
            }

            try
            {
                await stop(root);
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
