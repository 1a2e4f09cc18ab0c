using HtapRouter.TestSupport.Processes;

namespace HtapRouter.TestSupport.Pgpool;

/// <summary>
/// Stops and removes pgpools left behind by test processes that died without disposing them; their processes would
/// otherwise keep ports and shared memory until the machine restarts. Directories of live test runs are left alone.
/// </summary>
internal static class StalePgpools
{
    /// <summary>Sweeps <paramref name="parent"/> once per test process; later calls share the first sweep.</summary>
    public static Task RemoveOnceAsync(string parent, PgpoolVersion version) =>
        StaleDirectories.RemoveOnceAsync(parent, PgpoolLayout.NamePrefix, PgpoolLayout.OwnerProcessId, root => StopAsync(root, version));

    private static async Task StopAsync(string root, PgpoolVersion version)
    {
        var layout = PgpoolLayout.Open(root);
        if (File.Exists(layout.PidFile))
        {
            await ProcessRunner.RunAsync(
                new ProcessRequest(version.ProgramPath, ["-f", layout.ConfigFile, "-m", "immediate", "stop"]) { Timeout = TimeSpan.FromSeconds(30) });
        }
    }
}
