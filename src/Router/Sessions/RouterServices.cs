using System.Collections.Concurrent;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Monitoring;
using HtapRouter.Router.Routing;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Router.Sessions;

/// <summary>What every session shares: settings, the backends, the connection cache, the classifier and the monitors.</summary>
internal sealed record RouterServices(
    RouterOptions Options,
    BackendCluster Cluster,
    BackendPool Pool,
    IQueryClassifier Classifier,
    IRelationCatalog Relations,
    RedirectPreferences Preferences,
    NodeMonitor Monitor,
    RouterMetrics Metrics,
    ILogger Logger)
{
    /// <summary>The sessions running now, by the process id the client was given (SHOW POOL_PROCESSES).</summary>
    public ConcurrentDictionary<int, SessionInfo> Sessions { get; } = new();

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.Now;
}

/// <summary>A running session as the SHOW POOL_* commands describe it.</summary>
internal sealed record SessionInfo(int ProcessId, string User, string Database, string ApplicationName, DateTimeOffset ConnectedAt)
{
    public RouterSession? Session { get; set; }
}

/// <summary>Which relations each standby holds: an analytic standby holds only the tables replicated to it.</summary>
public interface IRelationCatalog
{
    /// <summary>Whether <paramref name="node"/> can answer a read of every one of <paramref name="relations"/>.</summary>
    bool Holds(BackendNode node, IReadOnlyList<RelationName> relations);
}
