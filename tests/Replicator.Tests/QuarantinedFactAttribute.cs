namespace HtapRouter.Replicator.Tests;

/// <summary>
/// A test that shows a known, not yet fixed bug some of the time: skipped with the reason given, unless
/// HTAP_RUN_QUARANTINED=1 asks for it (to reproduce the bug while fixing it).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class QuarantinedFactAttribute : FactAttribute
{
    public QuarantinedFactAttribute(string reason)
    {
        if (Environment.GetEnvironmentVariable("HTAP_RUN_QUARANTINED") != "1")
        {
            Skip = $"Quarantined: {reason} Set HTAP_RUN_QUARANTINED=1 to run it.";
        }
    }
}
