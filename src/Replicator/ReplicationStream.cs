using System.Collections.Immutable;
using DuckDB.NET.Data;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Configuration;
using HtapRouter.Replicator.Primary;
using HtapRouter.Replicator.Schema;
using HtapRouter.Replicator.Sync;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace HtapRouter.Replicator;

/// <summary>
/// One replication connection's life: stream pgoutput from the applied position, buffer each transaction
/// until it commits (streamed in-progress ones too, dropped on abort), apply committed ones in batches, and
/// only then tell the primary how far it may recycle WAL. When the primary is idle, its keepalives move the
/// applied position forward, so lag returns to zero.
/// </summary>
/// <remarks>
/// Decoding and applying overlap: committed transactions go to an <see cref="ApplyQueue"/>, whose own task applies
/// them in DuckDB while this one reads on. The DuckDB connection is used by one of them at a time (see
/// <see cref="_duckGate"/>).
/// </remarks>
internal sealed class ReplicationStream : IDisposable
{
    private readonly ReplicatorOptions _options;
    private readonly ReplicationProgress _progress;
    private readonly PrimaryCatalog _catalog;
    private readonly ChangeApplier _applier;
    private readonly DuckDBConnection _duck;
    private readonly Action<int, ulong, IReadOnlyList<string>> _onApplied;
    private readonly TableSync _tableSync;
    private readonly Action<string, ulong> _onTableCopied;
    private KnownTables _known = new();
    private DateTime _lastPublicationCheck;
    private readonly Dictionary<uint, ReplicatedTable> _tables = [];
    /// <summary>Relations whose latest Relation message is not yet queued for DuckDB.</summary>
    private readonly HashSet<uint> _unappliedShapes = [];
    private readonly PendingBatch _batch = new();

    /// <summary>How often the ticker looks at the keepalive position and for newly published tables.</summary>
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Held while the DuckDB connection is in use: by the applier for a batch, by the reader to copy a new table.</summary>
    private readonly SemaphoreSlim _duckGate = new(1, 1);

    private readonly ApplyQueue _queue = new();

    /// <summary>The position committed in DuckDB (or, on an idle primary, acknowledged from keepalives); written by the applier.</summary>
    private ulong _applied;
    /// <summary>
    /// Between StreamStart and StreamStop, changes belong to the streamed transaction StreamStart named (each
    /// carries its own subtransaction's xid, for StreamAbort); outside, to the open plain transaction.
    /// </summary>
    private uint? _streamTop;

    public ReplicationStream(ReplicatorOptions options, ReplicationProgress progress, PrimaryCatalog catalog, DuckDBConnection duck,
        TableSync tableSync, Action<int, ulong, IReadOnlyList<string>> onApplied, Action<string, ulong> onTableCopied)
    {
        _tableSync = tableSync;
        _onTableCopied = onTableCopied;
        _options = options;
        _progress = progress;
        _catalog = catalog;
        _duck = duck;
        _onApplied = onApplied;
        _applier = new ChangeApplier(duck, options.Slot);
    }

    public async Task RunAsync(ReplicationState state, CancellationToken cancellationToken)
    {
        _applied = state.AppliedLsn;
        _known = ReplicationStateStore.ReadKnownTables(_duck);
        _batch.CopiedAt = _known;
        await using var lookups = new NpgsqlConnection(_options.Primary);
        await lookups.OpenAsync(cancellationToken);
        // Named after its slot, as PostgreSQL's own subscriptions are, so pg_stat_replication (and pgpool's or the
        // router's replication_state, through backend_application_name) can tell which standby it is.
        var streaming = new NpgsqlConnectionStringBuilder(_options.Primary);
        if (string.IsNullOrEmpty(streaming.ApplicationName))
        {
            streaming.ApplicationName = _options.Slot;
        }
        await using var replication = new LogicalReplicationConnection(streaming.ConnectionString)
        {
            WalReceiverStatusInterval = _options.StatusInterval,
        };
        await replication.Open(cancellationToken);

        var v2 = replication.PostgreSqlVersion.Major >= 14;
        var pgOutput = new PgOutputReplicationOptions(_options.Publication,
            v2 ? PgOutputProtocolVersion.V2 : PgOutputProtocolVersion.V1,
            binary: null, streamingMode: v2 ? PgOutputStreamingMode.On : null);
        replication.SetReplicationStatus(new NpgsqlLogSequenceNumber(_applied));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ticker = TickAsync(replication, lookups, stop, stop.Token);
        var applier = Task.Run(() => ApplyUntilStoppedAsync(replication, stop, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var message in replication.StartReplication(new PgOutputReplicationSlot(_options.Slot), pgOutput,
                               stop.Token, new NpgsqlLogSequenceNumber(_applied)))
            {
                await _gate.WaitAsync(stop.Token);
                try
                {
                    await HandleAsync(message, lookups, replication, stop.Token);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the applier failing to apply a batch, or the ticker to copy a table, cancels the stream from within:
            // its error, not the cancellation it caused, ends this attempt. It may not have ended yet when the reader
            // sees the cancellation, so it is waited for.
            await applier.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await ticker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if ((applier.Exception ?? ticker.Exception)?.InnerException is { } error)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }

            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await ticker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            // A batch being applied finishes (or fails) before the caller disposes of the DuckDB connection.
            await applier.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task HandleAsync(PgOutputReplicationMessage message, NpgsqlConnection lookups, LogicalReplicationConnection replication,
        CancellationToken cancellationToken)
    {
        switch (message)
        {
            case BeginMessage:
                _batch.Begin();
                break;
            case StreamStartMessage start:
                _streamTop = start.TransactionXid;
                break;
            case StreamStopMessage:
                _streamTop = null;
                break;
            case CommitMessage commit:
                if ((ulong)commit.TransactionEndLsn <= Volatile.Read(ref _applied))
                {
                    _batch.Begin(); // already applied before a restart: the slot may resend it; drop it
                    _batch.Commit((ulong)commit.CommitLsn, Volatile.Read(ref _applied), commit.TransactionCommitTimestamp);
                    _batch.Clear();
                    break;
                }

                _batch.Commit((ulong)commit.CommitLsn, (ulong)commit.TransactionEndLsn,
                    new DateTimeOffset(commit.TransactionCommitTimestamp, TimeSpan.Zero));
                await HandOverAsync(cancellationToken);
                break;
            case StreamCommitMessage commit:
                _batch.CommitStreamed(commit.TransactionXid, (ulong)commit.CommitLsn, (ulong)commit.TransactionEndLsn,
                    new DateTimeOffset(commit.TransactionCommitTimestamp, TimeSpan.Zero));
                await HandOverAsync(cancellationToken);
                break;
            case StreamAbortMessage abort:
                _batch.AbortStreamed(abort.TransactionXid, abort.SubtransactionXid);
                break;
            case RelationMessage relation:
                // Applied with the first change that uses it: with publish_via_partition_root the primary also
                // describes each partition, which no change ever names, and the node must not get a table for it.
                _tables[relation.RelationId] = await ToTableAsync(relation, lookups, cancellationToken);
                _unappliedShapes.Add(relation.RelationId);
                break;
            case InsertMessage insert:
                _batch.Add(new RowChange(ChangeKind.Insert, await TableAsync(insert.Relation.RelationId, insert.TransactionXid, cancellationToken),
                    await ReadAsync(insert.NewRow, cancellationToken)), _streamTop, insert.TransactionXid);
                break;
            case UpdateMessage update:
                await AddUpdateAsync(update, cancellationToken);
                break;
            case KeyDeleteMessage delete:
                _batch.Add(new RowChange(ChangeKind.Delete, await TableAsync(delete.Relation.RelationId, delete.TransactionXid, cancellationToken),
                    KeyValues: await ReadAsync(delete.Key, cancellationToken)), _streamTop, delete.TransactionXid);
                break;
            case FullDeleteMessage delete:
                _batch.Add(new RowChange(ChangeKind.Delete, await TableAsync(delete.Relation.RelationId, delete.TransactionXid, cancellationToken),
                    KeyValues: await ReadAsync(delete.OldRow, cancellationToken)), _streamTop, delete.TransactionXid);
                break;
            case TruncateMessage truncate:
                var truncated = new List<ReplicatedTable>();
                foreach (var relation in truncate.Relations)
                {
                    truncated.Add(await TableAsync(relation.RelationId, truncate.TransactionXid, cancellationToken));
                }

                _batch.Add(new RowChange(ChangeKind.Truncate, truncated[0], Truncated: truncated), _streamTop, truncate.TransactionXid);
                break;
        }
    }

    /// <summary>
    /// The table a change names, its latest shape queued ahead of the change when not applied yet; a table the
    /// node does not have yet is first copied (see <see cref="TableSync"/>).
    /// </summary>
    private async Task<ReplicatedTable> TableAsync(uint relationId, uint? subXid, CancellationToken cancellationToken)
    {
        var table = _tables[relationId];
        await SyncIfNewAsync(relationId, table.DuckSchema, table.Name, cancellationToken);
        if (_unappliedShapes.Remove(relationId))
        {
            _batch.Add(new RowChange(ChangeKind.Relation, table), _streamTop, subXid);
        }

        return table;
    }

    private async Task AddUpdateAsync(UpdateMessage update, CancellationToken cancellationToken)
    {
        var table = await TableAsync(update.Relation.RelationId, update.TransactionXid, cancellationToken);
        string?[]? key = update switch
        {
            IndexUpdateMessage index => await ReadAsync(index.Key, cancellationToken),
            FullUpdateMessage full => await ReadAsync(full.OldRow, cancellationToken),
            _ => null,
        };
        var (values, unchanged) = await ReadNewRowAsync(update.NewRow, cancellationToken);
        _batch.Add(new RowChange(ChangeKind.Update, table, values, unchanged, key), _streamTop, update.TransactionXid);
    }

    /// <summary>A tuple's values as text (null for SQL NULL), copied out of the stream.</summary>
    private static async Task<string?[]> ReadAsync(ReplicationTuple tuple, CancellationToken cancellationToken) =>
        (await ReadNewRowAsync(tuple, cancellationToken)).Values;

    /// <summary>
    /// An update's new row, and which columns it left out as unchanged TOASTed values: null when none, as nearly
    /// always, so that an update allocates no flags for them.
    /// </summary>
    private static async Task<(string?[] Values, bool[]? Unchanged)> ReadNewRowAsync(ReplicationTuple tuple, CancellationToken cancellationToken)
    {
        var values = new string?[tuple.NumColumns];
        bool[]? unchanged = null;
        var i = 0;
        await foreach (var value in tuple.WithCancellation(cancellationToken))
        {
            if (value.IsUnchangedToastedValue)
            {
                unchanged ??= new bool[values.Length];
                unchanged[i] = true;
            }
            else if (!value.IsDBNull)
            {
                values[i] = await value.Get<string>(cancellationToken);
            }

            i++;
        }

        return (values, unchanged);
    }

    private async Task<ReplicatedTable> ToTableAsync(RelationMessage relation, NpgsqlConnection lookups, CancellationToken cancellationToken)
    {
        // The primary's catalog as it is now, which may be ahead of the message (see PrimaryCatalog.MatchColumns).
        var facts = await PrimaryCatalog.ColumnFactsAsync(lookups, relation.RelationId, relation.Columns.Select(c => c.ColumnName).ToList(),
            cancellationToken);
        var columns = ImmutableArray.CreateBuilder<ReplicatedColumn>(relation.Columns.Count);
        foreach (var column in relation.Columns)
        {
            var fact = facts[columns.Count];
            columns.Add(new ReplicatedColumn(column.ColumnName, column.DataTypeId, column.TypeModifier,
                column.Flags.HasFlag(RelationMessage.Column.ColumnFlags.PartOfKey),
                await _catalog.MapAsync(lookups, column.DataTypeId, column.TypeModifier, cancellationToken),
                fact.NotNull, fact.MissingValue, fact.OlderRowsUnknown));
        }

        return new ReplicatedTable(relation.RelationId, relation.Namespace, relation.RelationName, columns.MoveToImmutable(),
            IdentityFull: relation.ReplicaIdentity == RelationMessage.ReplicaIdentitySetting.AllColumns);
    }

    public void Dispose()
    {
        _gate.Dispose();
        _duckGate.Dispose();
        _queue.Dispose();
    }

    private async Task SyncIfNewAsync(uint relationId, string duckSchema, string name, CancellationToken cancellationToken)
    {
        // By relation OID: a table renamed or moved to another schema on the primary is the node's table under its
        // old name, which its next Relation message renames, not a new table to copy.
        if (!_known.TryGet(relationId, duckSchema, name, out _))
        {
            ulong copiedAt;
            await _duckGate.WaitAsync(cancellationToken);
            try
            {
                copiedAt = await _tableSync.RunAsync(_duck, relationId, duckSchema, name, cancellationToken);
            }
            finally
            {
                _duckGate.Release();
            }

            _known.ByRelation[relationId] = copiedAt;
            _onTableCopied($"{duckSchema}.{name}", copiedAt);
        }
    }

    /// <summary>
    /// Every few seconds, looks for tables the publication has gained that the node does not have, and copies
    /// them: a table added with ALTER PUBLICATION and not changed since would otherwise never arrive.
    /// </summary>
    private async Task CopyNewlyPublishedAsync(NpgsqlConnection lookups, CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow - _lastPublicationCheck < _options.PublicationCheckInterval)
        {
            return;
        }

        _lastPublicationCheck = DateTime.UtcNow;
        foreach (var (relationId, schema, name) in await PrimaryCatalog.PublishedTablesAsync(lookups, _options.Publication, cancellationToken))
        {
            await SyncIfNewAsync(relationId, ReplicatedTable.DuckSchemaOf(schema), name, cancellationToken);
        }
    }

    /// <summary>
    /// Hands the transactions that committed to the applier, which applies them as soon as it is free; when a full
    /// batch already waits for it, this waits (see <see cref="ApplyQueue.AddAsync"/>).
    /// </summary>
    private async Task HandOverAsync(CancellationToken cancellationToken)
    {
        if (_batch.LastCommit is not { } last)
        {
            return;
        }

        await _queue.AddAsync(_batch.Committed, last, _options.BatchMaxChanges, cancellationToken);
        _batch.Clear();
    }

    /// <summary>
    /// The applier: applies each batch and records its position in the same DuckDB transaction, and only after the
    /// commit reports the position to the primary and to the node.
    /// </summary>
    /// <remarks>A failure cancels <paramref name="stop"/>, so that the stream ends instead of reading on without applying.</remarks>
    private async Task ApplyUntilStoppedAsync(LogicalReplicationConnection replication, CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.RunAsync((changes, last, token) => ApplyAsync(replication, changes, last, token), _options.BatchMaxDelay, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private async Task ApplyAsync(LogicalReplicationConnection replication, List<RowChange> changes, (ulong Lsn, DateTimeOffset Time) last,
        CancellationToken cancellationToken)
    {
        await _duckGate.WaitAsync(cancellationToken);
        try
        {
            _applier.Apply(changes, new ReplicationState(last.Lsn, last.Time, Synced: true));
        }
        finally
        {
            _duckGate.Release();
        }

        Volatile.Write(ref _applied, last.Lsn);
        _progress.Applied(last.Lsn, last.Time, changes.Count);
        replication.SetReplicationStatus(new NpgsqlLogSequenceNumber(last.Lsn));
        _onApplied(changes.Count, last.Lsn, _applier.SchemaChanges);
        await replication.SendStatusUpdate(cancellationToken);
    }

    /// <summary>
    /// Every few milliseconds: copies newly published tables, and when nothing is open, waiting or being applied,
    /// moves the applied position to what the primary's keepalives report, so an idle primary shows no lag.
    /// </summary>
    /// <remarks>A failure cancels <paramref name="stop"/>, so that the stream ends instead of going on without copying.</remarks>
    private async Task TickAsync(LogicalReplicationConnection replication, NpgsqlConnection lookups, CancellationTokenSource stop,
        CancellationToken cancellationToken)
    {
        try
        {
            await TickUntilStoppedAsync(replication, lookups, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private async Task TickUntilStoppedAsync(LogicalReplicationConnection replication, NpgsqlConnection lookups, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TickInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await CopyNewlyPublishedAsync(lookups, cancellationToken);
                var received = (ulong)replication.LastReceivedLsn;
                _progress.Received(received);
                // Under the gate nothing is handed over, so an idle queue stays idle until the position is set.
                if (_batch.LastCommit is null && !_batch.HasOpenTransactions && _queue.IsIdle && received > Volatile.Read(ref _applied))
                {
                    Volatile.Write(ref _applied, received);
                    _progress.Applied(received, null);
                    replication.SetReplicationStatus(new NpgsqlLogSequenceNumber(received));
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
