using System.Diagnostics;
using DuckDB.NET.Data;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Configuration;
using HtapRouter.Replicator.Primary;
using HtapRouter.Replicator.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HtapRouter.Replicator;

/// <summary>Opens a connection to the DuckDB file the node serves; the node owns the database instance.</summary>
public delegate DuckDBConnection DuckDbConnectionFactory();

/// <summary>
/// Runs replication for as long as the node runs: checks the primary, sets up publication and slot, copies
/// the tables once, then streams. Any failure (primary restart, network, a bad change) ends the attempt and
/// a new one starts after a backoff, resuming from the position DuckDB has committed.
/// </summary>
public sealed partial class ReplicationWorker : BackgroundService
{
    private readonly ReplicatorOptions _options;
    private readonly ReplicationProgress _progress;
    private readonly DuckDbConnectionFactory _duck;
    private readonly ILogger<ReplicationWorker> _logger;

    /// <summary>A stop that takes longer than this is logged, with what replication was doing.</summary>
    private static readonly TimeSpan SlowStop = TimeSpan.FromSeconds(3);

    /// <summary>What the current attempt is doing, for the log when stopping it takes long.</summary>
    private volatile string _stage = "starting";
    private volatile ReplicationStream? _stream;

    public ReplicationWorker(IOptions<ReplicatorOptions> options, ReplicationProgress progress, DuckDbConnectionFactory duck,
        ILogger<ReplicationWorker> logger)
    {
        _options = options.Value;
        _progress = progress;
        _duck = duck;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(_options.Primary))
        {
            return;
        }

        var delay = _options.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                delay = _options.ReconnectDelay;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ReplicatorSetupException e)
            {
                LogPrimaryUnusable(e.Message, delay);
            }
            catch (TableCopyRequiredException e)
            {
                // Not a failure: the next attempt copies the table first. No backoff.
                LogCopyingAgain(e.Table.ToString(), e.Reason);
                delay = TimeSpan.Zero;
            }
            catch (Exception e)
            {
                LogReconnecting(e, e.Message, delay);
            }

            await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = delay == TimeSpan.Zero ? _options.ReconnectDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }
    }

    /// <summary>
    /// Stops replication and waits for it as long as the host allows. Replication that outlives the host's stop
    /// still holds a DuckDB connection, so the file stays open: that is logged as an error, with what it was doing.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var doing = Doing;
        await base.StopAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (ExecuteTask is { IsCompleted: false })
        {
            LogStopAbandoned(elapsed, doing, Doing);
        }
        else if (elapsed > SlowStop)
        {
            LogSlowStop(elapsed, doing);
        }
    }

    private string Doing => _stream is { } stream ? $"{_stage} ({stream.Activity})" : _stage;

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        _stage = "connecting to the primary";
        using var duck = _duck();
        ReplicationStateStore.EnsureCreated(duck);
        var catalog = new PrimaryCatalog((oid, name) => LogUnmappedType(name, oid));
        await using (var connection = new NpgsqlConnection(_options.Primary))
        {
            await connection.OpenAsync(cancellationToken);
            _stage = "checking the primary and the publication";
            await PrimaryChecks.VerifyAsync(connection, _options.Slot, cancellationToken);
            if (await PublicationSetup.EnsureAsync(connection, _options.Publication, _options.Tables, cancellationToken))
            {
                LogPublicationCreated(_options.Publication);
            }
        }

        var state = ReplicationStateStore.Read(duck, _options.Slot);
        if (state is not { Synced: true })
        {
            _stage = "copying the published tables";
            if (state is not null)
            {
                LogSyncRestarted(_options.Slot);
            }

            using var reporter = new SyncProgressReporter(_progress, _duck(), _logger);
            state = await new InitialSync(_options.Primary!, _options.Publication, _options.Slot, catalog, reporter)
                .RunAsync(duck, cancellationToken);
        }

        _progress.Applied(state.AppliedLsn, state.LastCommitTime);
        _progress.SchemaChanged();
        LogStreaming(_options.Slot, ReplicationProgress.FormatLsn(state.AppliedLsn));
        var tableSync = new TableSync(_options.Primary!, _options.Slot, catalog, () => new SyncProgressReporter(_progress, _duck(), _logger));
        using var stream = new ReplicationStream(_options, _progress, catalog, duck, tableSync,
            (changes, lsn, schema) =>
            {
                if (schema.Count > 0)
                {
                    _progress.SchemaChanged();
                }

                if (_logger.IsEnabled(LogLevel.Debug) || schema.Count > 0)
                {
                    LogBatchApplied(changes, ReplicationProgress.FormatLsn(lsn), string.Join("; ", schema));
                }
            },
            (table, lsn) =>
            {
                _progress.SchemaChanged();
                LogTableCopied(table, ReplicationProgress.FormatLsn(lsn));
            });
        _stage = "streaming";
        _stream = stream;
        try
        {
            await stream.RunAsync(state, cancellationToken);
        }
        finally
        {
            _stream = null;
            _stage = "between attempts";
        }
    }

    [LoggerMessage(EventId = ReplicatorEventIds.PrimaryUnusable, Level = LogLevel.Error, Message = "{Reason} Retrying in {Delay}.")]
    private partial void LogPrimaryUnusable(string reason, TimeSpan delay);

    [LoggerMessage(EventId = ReplicatorEventIds.Reconnecting, Level = LogLevel.Warning, Message = "Replication stopped: {Reason}. Reconnecting in {Delay}.")]
    private partial void LogReconnecting(Exception exception, string reason, TimeSpan delay);

    [LoggerMessage(EventId = ReplicatorEventIds.PublicationCreated, Level = LogLevel.Information, Message = "Created publication {Publication}")]
    private partial void LogPublicationCreated(string publication);

    [LoggerMessage(EventId = ReplicatorEventIds.SyncRestarted, Level = LogLevel.Warning,
        Message = "The initial copy for slot {Slot} did not finish last time; starting it over")]
    private partial void LogSyncRestarted(string slot);

    [LoggerMessage(EventId = ReplicatorEventIds.Streaming, Level = LogLevel.Information, Message = "Streaming slot {Slot} from {Lsn}")]
    private partial void LogStreaming(string slot, string lsn);

    [LoggerMessage(EventId = ReplicatorEventIds.BatchApplied, Level = LogLevel.Information, Message = "Applied {Changes} changes up to {Lsn} {SchemaChanges}")]
    private partial void LogBatchApplied(int changes, string lsn, string schemaChanges);

    [LoggerMessage(EventId = ReplicatorEventIds.TableCopied, Level = LogLevel.Information,
        Message = "Copied {Table}, new to the node, as of {Lsn}; its changes stream from there")]
    private partial void LogTableCopied(string table, string lsn);

    [LoggerMessage(EventId = ReplicatorEventIds.CopyingAgain, Level = LogLevel.Warning,
        Message = "Copying {Table} again, then streaming on from the last applied position: {Reason}")]
    private partial void LogCopyingAgain(string table, string reason);

    [LoggerMessage(EventId = ReplicatorEventIds.SlowStop, Level = LogLevel.Warning,
        Message = "Replication took {Elapsed} to stop; it was {Doing}")]
    private partial void LogSlowStop(TimeSpan elapsed, string doing);

    [LoggerMessage(EventId = ReplicatorEventIds.StopAbandoned, Level = LogLevel.Error,
        Message = "Replication did not stop within {Elapsed}, and keeps its DuckDB connection open until it does; it was {Doing} when asked to stop, and is {DoingNow}")]
    private partial void LogStopAbandoned(TimeSpan elapsed, string doing, string doingNow);

    [LoggerMessage(EventId = ReplicatorEventIds.UnmappedType, Level = LogLevel.Warning,
        Message = "Type {Type} (oid {Oid}) has no DuckDB counterpart; its columns are stored as text")]
    private partial void LogUnmappedType(string type, uint oid);
}
