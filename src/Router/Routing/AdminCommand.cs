namespace HtapRouter.Router.Routing;

/// <summary>A command the router answers itself, as pgpool-II does.</summary>
/// <param name="Kind">Which one.</param>
/// <param name="NodeId">The node of PGPOOL ATTACH NODE and PGPOOL DETACH NODE; null for the others.</param>
public sealed record AdminCommand(AdminCommandKind Kind, int? NodeId);

public enum AdminCommandKind
{
    ShowPoolNodes,
    ShowPoolVersion,
    ShowPoolProcesses,
    ShowPoolPools,
    ShowPoolBackendStats,
    ShowPoolHealthCheckStats,
    AttachNode,
    DetachNode,
}
