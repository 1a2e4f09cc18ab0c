using System.Diagnostics;
using System.Globalization;
using HtapRouter.PgWire.Client;
using HtapRouter.PgWire.Protocol;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Router.Monitoring;

/// <summary>
/// pgpool's health check and streaming-replication check. Every health_check_period each node is connected to
/// (with health_check_max_retries retries, health_check_retry_delay apart, each bounded by health_check_timeout);
/// a node that fails is marked down and its cached connections closed, and comes back by itself when it answers
/// again (auto_failback) unless an administrator detached it. Every sr_check_period the WAL positions are read:
/// pg_current_wal_lsn() on the primary, pg_last_wal_replay_lsn() on each standby, and the difference is the
/// standby's replication_delay.
/// </summary>
public sealed partial class NodeMonitor : BackgroundService
{
    private readonly RouterOptions _options;
    private readonly BackendCluster _cluster;
    private readonly BackendPool _pool;
    private readonly ILogger _logger;
    private readonly HealthCheckStats[] _stats;
    private readonly PgClientConnection?[] _srConnections;
    private readonly SemaphoreSlim _srLock = new(1, 1);

    public NodeMonitor(RouterOptions options, BackendCluster cluster, BackendPool pool, ILogger<NodeMonitor> logger)
    {
        _options = options;
        _cluster = cluster;
        _pool = pool;
        _logger = logger;
        _stats = [.. cluster.Nodes.Select(_ => new HealthCheckStats())];
        _srConnections = new PgClientConnection?[cluster.Nodes.Count];
    }

    /// <summary>Called after each replication check, e.g. to refresh what analytic standbys hold.</summary>
    public event Func<CancellationToken, Task>? Checked;

    public HealthCheckStats StatsOf(BackendNode node) => _stats[node.Index];

    /// <summary>A session lost or could not reach a node: it is down until a health check finds it answering.</summary>
    public void ReportFailure(BackendNode node, string reason)
    {
        if (node.MarkDown())
        {
            LogNodeDown(node.Id, reason);
            _ = _pool.PurgeAsync(node);
        }
    }

    /// <summary>PGPOOL DETACH NODE: the node gets no work until attached again.</summary>
    public async Task DetachAsync(BackendNode node)
    {
        node.MarkDown(detached: true);
        LogDetached(node.Id);
        await _pool.PurgeAsync(node);
    }

    /// <summary>PGPOOL ATTACH NODE: the node is given work again (a failing one is found down by the next check).</summary>
    public void Attach(BackendNode node)
    {
        node.MarkUp();
        LogAttached(node.Id);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var health = _options.HealthCheckPeriod > 0 ? HealthLoopAsync(stoppingToken) : Task.CompletedTask;
        // Without replication checks, what the nodes hold is still reloaded, on pgpool's default period.
        var replication = _options.SrCheckPeriod > 0 ? ReplicationLoopAsync(stoppingToken) : CatalogLoopAsync(stoppingToken);
        await Task.WhenAll(health, replication);
    }

    private async Task HealthLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.HealthCheckPeriod));
        do
        {
            await Task.WhenAll(_cluster.Nodes.Select(node => CheckHealthAsync(node, stoppingToken)));
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task ReplicationLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.SrCheckPeriod));
        do
        {
            await CheckReplicationAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task CatalogLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        do
        {
            await NotifyCheckedAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One health check of one node, with its retries.</summary>
    public async Task CheckHealthAsync(BackendNode node, CancellationToken cancellationToken)
    {
        if (node.Health.Detached)
        {
            StatsOf(node).RecordSkip();
            return;
        }

        var started = Stopwatch.GetTimestamp();
        string? failure = null;
        for (var attempt = 0; attempt <= _options.HealthCheckMaxRetries; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.HealthCheckRetryDelay), cancellationToken);
            }
            failure = await TryConnectAsync(node, cancellationToken);
            if (failure is null)
            {
                StatsOf(node).Record(true, attempt, Stopwatch.GetElapsedTime(started));
                if (node.Health.Status != BackendStatus.Up && (_options.AutoFailback || node.Health.Status == BackendStatus.Waiting) && node.MarkUp())
                {
                    LogNodeUp(node.Id);
                }
                return;
            }
        }

        StatsOf(node).Record(false, _options.HealthCheckMaxRetries, Stopwatch.GetElapsedTime(started));
        ReportFailure(node, failure!);
    }

    private async Task<string?> TryConnectAsync(BackendNode node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, _options.HealthCheckTimeout)));
        try
        {
            await using var connection = await PgClientConnection.ConnectAsync(CheckLogins.HealthCheck(_options, node), timeout.Token);
            return null;
        }
        catch (PgErrorException e) when (e.Error.SqlState is not (SqlState.ConnectionFailure or SqlState.AdminShutdown or "57P03"))
        {
            // The node answered, it just refused this login: it is up. pgpool counts only unreachable nodes as failed.
            LogHealthLoginRefused(node.Id, e.Error.SqlState, e.Error.Message);
            return null;
        }
        catch (Exception e) when (e is PgErrorException or IOException or System.Net.Sockets.SocketException
                                      or OperationCanceledException or PgProtocolException && !cancellationToken.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    /// <summary>Reads every node's WAL position once and updates the standbys' replication delay.</summary>
    public async Task CheckReplicationAsync(CancellationToken cancellationToken)
    {
        await _srLock.WaitAsync(cancellationToken);
        try
        {
            var primary = _cluster.Primary;
            var primaryRow = await SrQueryAsync(primary,
                "SELECT pg_current_wal_lsn()::text, pg_is_in_recovery()::text, now()::text", cancellationToken);
            var primaryLsn = primaryRow is { Length: 3 } && primaryRow[0] is { } text ? Lsn.Parse(text) : null;
            if (primaryLsn is { } p)
            {
                primary.Replication = new ReplicationSnapshot(p, 0, 0, string.Empty, string.Empty, DateTimeOffset.Now);
            }

            var walSenders = primaryLsn is null ? null : await WalSendersAsync(primary, cancellationToken);
            foreach (var node in _cluster.Nodes.Where(n => !n.IsPrimary))
            {
                var row = await SrQueryAsync(node,
                    "SELECT pg_last_wal_replay_lsn()::text, pg_is_in_recovery()::text, pg_last_xact_replay_timestamp()::text",
                    cancellationToken);
                if (row is not { Length: 3 })
                {
                    continue;
                }
                var lsn = row[0] is { } l ? Lsn.Parse(l) ?? 0 : 0;
                var sender = walSenders?.FirstOrDefault(s => s.Name == node.Options.ApplicationName && node.Options.ApplicationName.Length > 0);
                long? bytes = primaryLsn is { } pl ? (long)(pl > lsn ? pl - lsn : 0) : null;
                long? ms = bytes == 0 ? 0 : sender?.ReplayLagMs ?? SinceReplay(row[2]);
                node.Replication = new ReplicationSnapshot(lsn, bytes, ms, sender?.State ?? string.Empty, sender?.SyncState ?? string.Empty, DateTimeOffset.Now);
            }
        }
        finally
        {
            _srLock.Release();
        }

        await NotifyCheckedAsync(cancellationToken);
    }

    private async Task NotifyCheckedAsync(CancellationToken cancellationToken)
    {
        if (Checked is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<CancellationToken, Task>>())
            {
                try
                {
                    await handler(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCheckHandlerFailed(e.Message);
                }
            }
        }
    }

    private static long? SinceReplay(string? timestamp) =>
        timestamp is not null && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? (long)Math.Max(0, (DateTimeOffset.Now - at).TotalMilliseconds)
            : null;

    private async Task<List<WalSender>?> WalSendersAsync(BackendNode primary, CancellationToken cancellationToken)
    {
        var connection = await SrConnectionAsync(primary, cancellationToken);
        if (connection is null)
        {
            return null;
        }
        try
        {
            var result = await connection.QueryAsync(
                "SELECT application_name, state, sync_state, (extract(epoch from replay_lag) * 1000)::bigint FROM pg_stat_replication",
                cancellationToken);
            return [.. result.Rows.Select(r => new WalSender(r[0] ?? string.Empty, r[1] ?? string.Empty, r[2] ?? string.Empty,
                long.TryParse(r[3], CultureInfo.InvariantCulture, out var lag) ? lag : null))];
        }
        catch (PgErrorException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or PgProtocolException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await DropSrConnectionAsync(primary);
            return null;
        }
    }

    private async Task<string?[]?> SrQueryAsync(BackendNode node, string sql, CancellationToken cancellationToken)
    {
        if (!node.IsUsable)
        {
            return null;
        }
        var connection = await SrConnectionAsync(node, cancellationToken);
        if (connection is null)
        {
            return null;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, _options.HealthCheckTimeout)));
            var result = await connection.QueryAsync(sql, timeout.Token);
            if (result.Rows is [var row] && row.Length > 1)
            {
                var inRecovery = row[1] == "true";
                node.MarkUp(inRecovery ? "standby" : "primary");
            }
            return result.Rows.Count == 1 ? result.Rows[0] : null;
        }
        catch (PgErrorException e)
        {
            LogSrQueryFailed(node.Id, e.Error.Message);
            return null;
        }
        catch (Exception e) when (e is IOException or PgProtocolException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await DropSrConnectionAsync(node);
            return null;
        }
    }

    private async Task<PgClientConnection?> SrConnectionAsync(BackendNode node, CancellationToken cancellationToken)
    {
        if (_srConnections[node.Index] is { } open)
        {
            return open;
        }
        try
        {
            var connection = await PgClientConnection.ConnectAsync(CheckLogins.ReplicationCheck(_options, node, "htaprouter sr check"), cancellationToken);
            _srConnections[node.Index] = connection;
            return connection;
        }
        catch (Exception e) when (e is PgErrorException or IOException or System.Net.Sockets.SocketException or PgProtocolException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogSrQueryFailed(node.Id, e.Message);
            return null;
        }
    }

    private async Task DropSrConnectionAsync(BackendNode node)
    {
        if (_srConnections[node.Index] is { } connection)
        {
            _srConnections[node.Index] = null;
            await connection.DisposeAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var node in _cluster.Nodes)
        {
            await DropSrConnectionAsync(node);
        }
    }

    private sealed record WalSender(string Name, string State, string SyncState, long? ReplayLagMs);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Node {NodeId} is down: {Reason}")]
    private partial void LogNodeDown(int nodeId, string reason);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Node {NodeId} is up")]
    private partial void LogNodeUp(int nodeId);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Node {NodeId} detached by an administrator")]
    private partial void LogDetached(int nodeId);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Information, Message = "Node {NodeId} attached by an administrator")]
    private partial void LogAttached(int nodeId);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Debug, Message = "Replication check on node {NodeId} failed: {Reason}")]
    private partial void LogSrQueryFailed(int nodeId, string reason);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Debug, Message = "Health check login on node {NodeId} refused ({SqlState}: {Reason}); the node answers, so it is up")]
    private partial void LogHealthLoginRefused(int nodeId, string sqlState, string reason);

    [LoggerMessage(EventId = 4307, Level = LogLevel.Warning, Message = "A replication-check follow-up failed: {Reason}")]
    private partial void LogCheckHandlerFailed(string reason);
}
