using HtapRouter.TestSupport.Processes;

namespace HtapRouter.TestSupport.Postgres.Local;

/// <summary>
/// Removes clusters left behind by test processes that died without disposing them (a killed or crashed test host).
/// Their postmasters would otherwise run, holding ports and memory, until the machine restarts. A cluster is stale
/// when the process named in its directory no longer runs; clusters of live test runs, including other users'
/// sharing the temporary directory, are left alone.
/// </summary>
internal static class StaleClusters
{
    /// <summary>Sweeps <paramref name="parent"/> once per test process; later calls share the first sweep.</summary>
    public static Task RemoveOnceAsync(string parent, string binDirectory, ServerAccount account) =>
        StaleDirectories.RemoveOnceAsync(parent, ClusterLayout.NamePrefix, ClusterLayout.OwnerProcessId,
            root => new PgCtl(binDirectory, ClusterLayout.Open(root), account).StopAsync(CancellationToken.None));
}
