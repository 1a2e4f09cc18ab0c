using HtapRouter.PgWire.Client;
using HtapRouter.PgWire.Protocol;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Routing;
using HtapRouter.Router.Sessions;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Router.Monitoring;

/// <summary>
/// What each node holds, refreshed after every replication check: the primary's volatile functions and relation
/// persistence (for the classifier), and each standby's relations (an analytic standby holds only what is
/// replicated to it, so a read goes there only when every relation it reads is there). A standby whose catalog has
/// not loaded yet gets no reads.
/// </summary>
public sealed partial class NodeCatalogs : IRelationCatalog
{
    private readonly RouterOptions _options;
    private readonly BackendCluster _cluster;
    private readonly RelationCatalog[] _relations;
    private readonly ILogger _logger;

    public NodeCatalogs(RouterOptions options, BackendCluster cluster, ILogger<NodeCatalogs> logger)
    {
        _options = options;
        _cluster = cluster;
        _logger = logger;
        _relations = [.. cluster.Nodes.Select(_ => new RelationCatalog())];
    }

    public FunctionVolatilityCatalog Functions { get; } = new();

    /// <summary>The primary's relations: which are unlogged or temporary.</summary>
    public RelationCatalog PrimaryRelations => _relations[_cluster.Primary.Index];

    public bool Holds(BackendNode node, IReadOnlyList<RelationName> relations) =>
        relations.Count == 0 || (_relations[node.Index] is { IsLoaded: true } catalog && catalog.HasAll(relations));

    /// <summary>Reloads every reachable node's catalog; a node that cannot be asked keeps what was loaded last.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_cluster.Nodes.Where(n => n.IsUsable).Select(node => RefreshAsync(node, cancellationToken)));
    }

    private async Task RefreshAsync(BackendNode node, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, _options.HealthCheckTimeout)));
            await using var connection = await PgClientConnection.ConnectAsync(
                CheckLogins.ReplicationCheck(_options, node, "htaprouter catalog"), timeout.Token);
            CatalogQuery query = async (sql, ct) => (await connection.QueryAsync(sql, ct)).Rows;
            await _relations[node.Index].RefreshAsync(query, timeout.Token);
            if (node.IsPrimary)
            {
                await Functions.RefreshAsync(query, timeout.Token);
            }
        }
        catch (Exception e) when (e is PgErrorException or IOException or System.Net.Sockets.SocketException or PgProtocolException
                                      or InvalidDataException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogRefreshFailed(node.Id, e.Message);
        }
    }

    [LoggerMessage(EventId = 4401, Level = LogLevel.Debug, Message = "Could not load the catalog of node {NodeId}: {Reason}")]
    private partial void LogRefreshFailed(int nodeId, string reason);
}
