namespace HtapRouter.Router.Routing;

/// <summary>Where a query string must run.</summary>
public enum QueryTarget
{
    /// <summary>On the node load balancing picks: a standby or the primary.</summary>
    LoadBalance,

    /// <summary>On the primary only.</summary>
    Primary,

    /// <summary>On every backend the session uses, so they stay in step (transaction control, SET, DISCARD).</summary>
    AllBackends,

    /// <summary>Answered by the router itself.</summary>
    Router,
}
