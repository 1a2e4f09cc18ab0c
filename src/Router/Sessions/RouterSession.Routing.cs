using System.Globalization;
using System.Runtime.CompilerServices;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Router.Sessions;

internal sealed partial class RouterSession
{
    /// <summary>The backend a statement of this route goes to, connected and in step with the session.</summary>
    private ValueTask<BackendLink?> LinkForAsync(QueryRoute route, int preferIndex, CancellationToken cancellationToken) =>
        ConnectedPrimaryFor(route) is { } link
            ? new ValueTask<BackendLink?>(link)
            : ChooseLinkAsync(route, preferIndex, cancellationToken);

    /// <summary>
    /// The session's connected primary when a statement of <paramref name="route"/> goes there with nothing to decide:
    /// a write, or a read when there is no standby to balance to. Most statements are one of these, and are answered
    /// without the frames of the general case.
    /// </summary>
    private BackendLink? ConnectedPrimaryFor(QueryRoute route)
    {
        var primary = Cluster.Primary;
        return _links[primary.Index] is { } link && primary.IsUsable
               && (route.Kind == RouteKind.Primary || route.Kind is RouteKind.Read or RouteKind.Empty && !Cluster.Balances)
            ? link
            : null;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<BackendLink?> ChooseLinkAsync(QueryRoute route, int preferIndex, CancellationToken cancellationToken) =>
        route.Kind switch
        {
            RouteKind.Read or RouteKind.Empty => await ReadLinkAsync(route, preferIndex, cancellationToken),
            RouteKind.Primary => await PrimaryLinkAsync(cancellationToken)
                                 ?? (route.StandbyMayRun ? await ReadLinkAsync(route, preferIndex, cancellationToken) : null),
            _ => await LeadLinkAsync(cancellationToken),
        };

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<BackendLink?> ReadLinkAsync(QueryRoute route, int preferIndex, CancellationToken cancellationToken)
    {
        var node = await ChooseReadAsync(route, preferIndex, cancellationToken);
        if (node is null)
        {
            return null;
        }

        var link = await LinkAsync(node, cancellationToken);
        if (link is null)
        {
            return node.IsPrimary ? null : await PrimaryLinkAsync(cancellationToken);
        }

        if (!node.IsPrimary && !await JoinTransactionAsync(link, cancellationToken))
        {
            return await LeadLinkAsync(cancellationToken);
        }
        return link;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<BackendLink?> PrimaryLinkAsync(CancellationToken cancellationToken) =>
        await LinkAsync(Cluster.Primary, cancellationToken);

    /// <summary>
    /// Where transaction control and session settings go: the backend leading the open transaction, else the
    /// primary, else (primary down) the session's read node, so a session on standbys alone still works.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<BackendLink?> LeadLinkAsync(CancellationToken cancellationToken)
    {
        if (_lead is not null && IsLinked(_lead))
        {
            return _lead;
        }
        if (FirstInTransaction() is { } inTransaction)
        {
            return inTransaction;
        }
        if (await PrimaryLinkAsync(cancellationToken) is { } primary)
        {
            return primary;
        }
        var standby = _readNode is { IsUsable: true } ? _readNode : Cluster.ChooseReadNode(n => !n.IsPrimary);
        return standby is null ? null : await LinkAsync(standby, cancellationToken);
    }

    /// <summary>
    /// The node a read goes to: pgpool's rules (load balancing on, disable_load_balance_on_write, delay_threshold)
    /// and the router's own: the node must hold every relation read, and must have applied this session's last
    /// committed write.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<BackendNode?> ChooseReadAsync(QueryRoute route, int preferIndex, CancellationToken cancellationToken)
    {
        var primary = Cluster.Primary;
        BackendNode? PrimaryOrNone() => primary.IsUsable ? primary : null;

        if (_forcePrimary || !Cluster.Balances)
        {
            return _forcePrimary || primary.IsUsable ? primary : _readNode;
        }

        var status = ClientStatus();
        if (status != TransactionStatus.Idle)
        {
            if (_transactionLog.Count == 0 || status == TransactionStatus.Failed)
            {
                // A transaction the router cannot repeat elsewhere (begun inside a multi-statement string): stay on its lead.
                return (_lead ?? FirstInTransaction())?.Node ?? PrimaryOrNone();
            }
            var policy = Options.DisableLoadBalanceOnWrite;
            if (_wroteInTransaction && policy is not (DisableLoadBalanceOnWrite.DmlAdaptive or DisableLoadBalanceOnWrite.Off)
                || policy == DisableLoadBalanceOnWrite.DmlAdaptive && route.ReadRelations.Any(_writtenInTransaction.Contains)
                || policy == DisableLoadBalanceOnWrite.TransTransaction && _wroteInEarlierTransaction)
            {
                return PrimaryOrNone();
            }
        }
        if (Options.DisableLoadBalanceOnWrite == DisableLoadBalanceOnWrite.Always && _wroteInSession)
        {
            return PrimaryOrNone();
        }

        BackendNode? node = null;
        if (preferIndex >= 0 && Cluster.Nodes[preferIndex] is var preferred && EligibleNow(preferred, route))
        {
            node = preferred;
        }
        else if (!Options.StatementLevelLoadBalance && _readNode is not null && EligibleNow(_readNode, route))
        {
            node = _readNode;
        }
        else
        {
            node = ChooseReadNode(route, sessionChoice: false);
        }

        if (node is null)
        {
            return PrimaryOrNone();
        }
        if (!node.IsPrimary && !await CaughtUpAsync(node, cancellationToken))
        {
            return PrimaryOrNone() ?? node;
        }
        return node;
    }

    private BackendNode? ChooseReadNode(QueryRoute route, bool sessionChoice)
    {
        var preferred = _services.Preferences.WeightsFor(_identity);
        var node = Cluster.ChooseReadNode(n => Eligible(n, route), preferred);
        if (sessionChoice && node is not null)
        {
            LogReadNode(node.Id);
        }
        return node;
    }

    /// <summary>Whether a node may serve this read at all; how far behind it is counts separately.</summary>
    private bool Eligible(BackendNode node, QueryRoute route) =>
        node.IsUsable && (node.IsPrimary || _services.Relations.Holds(node, route.ReadRelations));

    private bool EligibleNow(BackendNode node, QueryRoute route) =>
        Eligible(node, route) && !Cluster.IsTooFarBehind(node);

    /// <summary>
    /// Read-your-writes: after this session committed a write, a standby serves its reads only once it has
    /// applied the primary's WAL up to that commit. The primary's position is asked once per write; the standby's
    /// is taken from the last replication check, or asked afresh when that is older.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> CaughtUpAsync(BackendNode node, CancellationToken cancellationToken)
    {
        if (_needFence)
        {
            var primary = _links[Cluster.Primary.Index];
            if (primary is null || primary.Pending.Count > 0 || primary.Unflushed)
            {
                return false;
            }
            // The insert position, not pg_current_wal_lsn(): with synchronous_commit off the commit may not be
            // written yet, and the write position would then be before it.
            if (await QueryLsnAsync(primary, "SELECT pg_current_wal_insert_lsn()", cancellationToken) is not { } lsn)
            {
                return false;
            }
            _fenceLsn = lsn;
            _needFence = false;
        }

        if (_fenceLsn == 0 || node.Replication.Lsn >= _fenceLsn)
        {
            return true;
        }

        var link = await LinkAsync(node, cancellationToken);
        if (link is null || link.Pending.Count > 0 || link.Unflushed)
        {
            return false;
        }
        var applied = await QueryLsnAsync(link, "SELECT pg_last_wal_replay_lsn()", cancellationToken);
        if (applied >= _fenceLsn)
        {
            _fenceLsn = 0;
            return true;
        }
        return false;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ulong?> QueryLsnAsync(BackendLink link, string sql, CancellationToken cancellationToken)
    {
        try
        {
            var result = await link.Connection.Client.QueryAsync(sql, cancellationToken);
            return result.Rows is [[{ } text]] ? Lsn.Parse(text) : null;
        }
        catch (PgErrorException e)
        {
            LogLsnQueryFailed(link.Node.Id, e.Error.Message);
            return null;
        }
        catch (Exception e) when (e is IOException or PgProtocolException)
        {
            await LinkFailedAsync(link, e);
            return null;
        }
    }

    /// <summary>The session's connection to <paramref name="node"/>, opened (and given the session's settings) when missing.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<BackendLink?> LinkAsync(BackendNode node, CancellationToken cancellationToken)
    {
        if (_links[node.Index] is { } existing)
        {
            return existing;
        }
        if (!node.IsUsable)
        {
            return null;
        }

        BackendLink link;
        try
        {
            link = await ConnectAsync(node, cancellationToken);
        }
        catch (PgErrorException e)
        {
            LogConnectFailed(node.Id, e.Error.SqlState, e.Error.Message);
            if (e.Error.SqlState != SqlState.ConnectionFailure)
            {
                _loginRefusal = e.Error;
            }
            return null;
        }

        foreach (var set in _sessionSets)
        {
            QuerySilently(link, set);
        }
        if (_sessionSets.Count > 0 && !await DrainAsync(link, throughReady: true, cancellationToken))
        {
            return null;
        }
        return link;
    }

    private async Task<BackendLink> ConnectAsync(BackendNode node, CancellationToken cancellationToken)
    {
        BackendConnection connection;
        try
        {
            connection = await _services.Pool.AcquireAsync(node, _identity, cancellationToken);
        }
        catch (PgErrorException e) when (e.Error.SqlState == SqlState.ConnectionFailure)
        {
            _services.Monitor.ReportFailure(node, e.Error.Message);
            throw;
        }

        node.MarkUp();
        var link = new BackendLink(connection);
        _links[node.Index] = link;
        return link;
    }

    /// <summary>
    /// Brings a standby into the client's open transaction (BEGIN with its options, then its savepoints) before
    /// it serves a read there. False when that fails; the read then stays on the transaction's lead.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> JoinTransactionAsync(BackendLink link, CancellationToken cancellationToken)
    {
        if (link.TransactionStatus != TransactionStatus.Idle || ClientStatus() != TransactionStatus.InTransaction)
        {
            return true;
        }
        foreach (var statement in _transactionLog)
        {
            QuerySilently(link, statement);
        }
        return await DrainAsync(link, throughReady: true, cancellationToken) && link.TransactionStatus == TransactionStatus.InTransaction;
    }

    private void LogStatement(BackendNode node, string sql)
    {
        if (Options.LogPerNodeStatement)
        {
            LogNodeStatement(node.Id, sql);
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "DB node id: {NodeId} statement: {Sql}")]
    private partial void LogNodeStatement(int nodeId, string sql);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Debug, Message = "Session reads go to node {NodeId}")]
    private partial void LogReadNode(int nodeId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Could not connect to node {NodeId}: {SqlState} {Reason}")]
    private partial void LogConnectFailed(int nodeId, string sqlState, string reason);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "Lost the connection to node {NodeId}: {Reason}")]
    private partial void LogBackendLost(int nodeId, string reason);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Information, Message = "Node {NodeId} could not run a read ({SqlState}: {Reason}); running it on the primary")]
    private partial void LogFallback(int nodeId, string sqlState, string reason);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Debug, Message = "Node {NodeId} answered a statement of the router's own with {SqlState}: {Reason}")]
    private partial void LogSilentError(int nodeId, string sqlState, string reason);

    [LoggerMessage(EventId = 4207, Level = LogLevel.Debug, Message = "Could not read the WAL position of node {NodeId}: {Reason}")]
    private partial void LogLsnQueryFailed(int nodeId, string reason);
}

/// <summary>PostgreSQL's pg_lsn: "X/Y", two hexadecimal halves of a 64-bit WAL position.</summary>
public static class Lsn
{
    public static ulong? Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !uint.TryParse(text.AsSpan(0, slash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !uint.TryParse(text.AsSpan(slash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
        {
            return null;
        }
        return ((ulong)high << 32) | low;
    }

    public static string Format(ulong lsn) => string.Create(CultureInfo.InvariantCulture, $"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}");
}
