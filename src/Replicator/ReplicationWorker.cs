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

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        using var duck = _duck();
        ReplicationStateStore.EnsureCreated(duck);
        var catalog = new PrimaryCatalog((oid, name) => LogUnmappedType(name, oid));
        await using (var connection = new NpgsqlConnection(_options.Primary))
        {
            await connection.OpenAsync(cancellationToken);
            await PrimaryChecks.VerifyAsync(connection, _options.Slot, cancellationToken);
            if (await PublicationSetup.EnsureAsync(connection, _options.Publication, _options.Tables, cancellationToken))
            {
                LogPublicationCreated(_options.Publication);
            }
        }

        var state = ReplicationStateStore.Read(duck, _options.Slot);
        if (state is not { Synced: true })
        {
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
        await stream.RunAsync(state, cancellationToken);
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

    [LoggerMessage(EventId = ReplicatorEventIds.UnmappedType, Level = LogLevel.Warning,
        Message = "Type {Type} (oid {Oid}) has no DuckDB counterpart; its columns are stored as text")]
    private partial void LogUnmappedType(string type, uint oid);
}
