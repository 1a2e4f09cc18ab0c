using System.Collections.Immutable;
using DuckDB.NET.Data;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Configuration;
using HtapRouter.Replicator.Decoding;
using HtapRouter.Replicator.Primary;
using HtapRouter.Replicator.Schema;
using HtapRouter.Replicator.Sync;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.Internal;
using Npgsql.Replication.PgOutput;
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
    /// <summary>Held by the reader while it handles messages, and by the ticker for each tick (see <see cref="ReadMessagesAsync"/>).</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The ticker waits for <see cref="_gate"/>: the reader lets it go after the message it is handling.</summary>
    private bool _tickerWaiting;

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

    /// <summary>What the reader and the applier are doing, where they may wait long; see <see cref="Activity"/>.</summary>
    private const string Handling = "handling messages";
    private volatile string _reading = "starting";
    private volatile string _applying = "idle";

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

    /// <summary>What the reader and the applier are doing, for the log when replication is slow to stop.</summary>
    public string Activity => $"stream: {_reading}; applier: {_applying}";

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

        // A backlog arrives as a continuous stream of small messages: a larger read buffer reads it in fewer calls.
        streaming.ReadBufferSize = Math.Max(streaming.ReadBufferSize, 256 * 1024);
        await using var replication = new LogicalReplicationConnection(streaming.ConnectionString)
        {
            WalReceiverStatusInterval = _options.StatusInterval,
        };
        await replication.Open(cancellationToken);

        // Protocol 2 streams large transactions while they run (PostgreSQL 14+). Values come as text.
        var v2 = replication.PostgreSqlVersion.Major >= 14;
        List<KeyValuePair<string, string?>> pgOutput =
        [
            new("proto_version", v2 ? "2" : "1"),
            new("publication_names", ReplicatedTable.Quote(_options.Publication)),
        ];
        if (v2)
        {
            pgOutput.Add(new("streaming", "on"));
        }

        replication.SetReplicationStatus(new NpgsqlLogSequenceNumber(_applied));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ticker = TickAsync(replication, lookups, stop, stop.Token);
        var applier = Task.Run(() => ApplyUntilStoppedAsync(replication, stop, stop.Token), CancellationToken.None);
        try
        {
            await ReadMessagesAsync(replication.StartLogicalReplication(new PgOutputReplicationSlot(_options.Slot),
                stop.Token, new NpgsqlLogSequenceNumber(_applied), pgOutput), lookups, stop.Token);
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

    /// <summary>
    /// Decodes and handles the stream's messages in order. The reader holds <see cref="_gate"/> while it handles them,
    /// and lets it go only while it waits for the next message or when the ticker asks for it: a backlog's million
    /// messages then cost no lock each (taking and releasing a semaphore per message was half the reader's time under
    /// load).
    /// </summary>
    private async Task ReadMessagesAsync(IAsyncEnumerable<XLogDataMessage> stream, NpgsqlConnection lookups, CancellationToken cancellationToken)
    {
        var decoder = new PgOutputDecoder();
        var message = new PgOutputMessage();
        using var bytes = new MessageBytes();
        await using var messages = stream.GetAsyncEnumerator(cancellationToken);
        var held = false;
        try
        {
            while (true)
            {
                var next = messages.MoveNextAsync();
                if (held && (!next.IsCompleted || Volatile.Read(ref _tickerWaiting)))
                {
                    _gate.Release();
                    held = false;
                }

                if (!next.IsCompleted)
                {
                    _reading = "waiting for the primary";
                    if (!await next)
                    {
                        return;
                    }

                    _reading = Handling;
                }
                else if (!await next)
                {
                    return;
                }

                await bytes.ReadAsync(messages.Current.Data, cancellationToken);
                decoder.Decode(bytes.Span, message);
                if (!held)
                {
                    await _gate.WaitAsync(cancellationToken);
                    held = true;
                }

                await HandleAsync(message, lookups, cancellationToken);
            }
        }
        finally
        {
            if (held)
            {
                _gate.Release();
            }
        }
    }

    private async Task HandleAsync(PgOutputMessage message, NpgsqlConnection lookups, CancellationToken cancellationToken)
    {
        switch (message.Kind)
        {
            case PgOutputKind.Begin:
                _batch.Begin();
                break;
            case PgOutputKind.StreamStart:
                _streamTop = message.Xid;
                break;
            case PgOutputKind.StreamStop:
                _streamTop = null;
                break;
            case PgOutputKind.Commit:
                if (message.EndLsn <= Volatile.Read(ref _applied))
                {
                    _batch.Begin(); // already applied before a restart: the slot may resend it; drop it
                    _batch.Commit(message.CommitLsn, Volatile.Read(ref _applied), message.CommitTime);
                    _batch.Clear();
                    break;
                }

                _batch.Commit(message.CommitLsn, message.EndLsn, message.CommitTime);
                await HandOverAsync(cancellationToken);
                break;
            case PgOutputKind.StreamCommit:
                _batch.CommitStreamed(message.Xid!.Value, message.CommitLsn, message.EndLsn, message.CommitTime);
                await HandOverAsync(cancellationToken);
                break;
            case PgOutputKind.StreamAbort:
                _batch.AbortStreamed(message.Xid!.Value, message.SubXid);
                break;
            case PgOutputKind.Relation:
                // Applied with the first change that uses it: with publish_via_partition_root the primary also
                // describes each partition, which no change ever names, and the node must not get a table for it.
                _reading = "reading the primary's catalog";
                _tables[message.RelationId] = await ToTableAsync(message, lookups, cancellationToken);
                _reading = Handling;
                _unappliedShapes.Add(message.RelationId);
                break;
            case PgOutputKind.Insert:
                _batch.Add(new RowChange(ChangeKind.Insert, await TableAsync(message.RelationId, message.Xid, cancellationToken), message.NewValues),
                    _streamTop, message.Xid);
                break;
            case PgOutputKind.Update:
                // The old key, or the whole old row under REPLICA IDENTITY FULL, is sent only when it is needed.
                _batch.Add(new RowChange(ChangeKind.Update, await TableAsync(message.RelationId, message.Xid, cancellationToken), message.NewValues,
                    message.NewUnchanged, message.OldValues), _streamTop, message.Xid);
                break;
            case PgOutputKind.Delete:
                _batch.Add(new RowChange(ChangeKind.Delete, await TableAsync(message.RelationId, message.Xid, cancellationToken),
                    KeyValues: message.OldValues), _streamTop, message.Xid);
                break;
            case PgOutputKind.Truncate:
                var truncated = new List<ReplicatedTable>(message.TruncatedRelations.Count);
                foreach (var relationId in message.TruncatedRelations)
                {
                    truncated.Add(await TableAsync(relationId, message.Xid, cancellationToken));
                }

                _batch.Add(new RowChange(ChangeKind.Truncate, truncated[0], Truncated: truncated), _streamTop, message.Xid);
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

    private async Task<ReplicatedTable> ToTableAsync(PgOutputMessage relation, NpgsqlConnection lookups, CancellationToken cancellationToken)
    {
        // The primary's catalog as it is now, which may be ahead of the message (see PrimaryCatalog.MatchColumns).
        var facts = await PrimaryCatalog.ColumnFactsAsync(lookups, relation.RelationId, relation.Columns.Select(c => c.Name).ToList(),
            cancellationToken);
        var columns = ImmutableArray.CreateBuilder<ReplicatedColumn>(relation.Columns.Count);
        foreach (var column in relation.Columns)
        {
            var fact = facts[columns.Count];
            columns.Add(new ReplicatedColumn(column.Name, column.TypeOid, column.TypeModifier, column.IsKey,
                await _catalog.MapAsync(lookups, column.TypeOid, column.TypeModifier, cancellationToken),
                fact.NotNull, fact.MissingValue, fact.OlderRowsUnknown) { Default = fact.Default });
        }

        return new ReplicatedTable(relation.RelationId, relation.Namespace, relation.RelationName, columns.MoveToImmutable(),
            IdentityFull: relation.ReplicaIdentity == 'f')
        {
            Keys = await PrimaryCatalog.KeysAsync(lookups, relation.RelationId, cancellationToken),
        };
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
            var reading = _reading;
            _reading = $"copying {duckSchema}.{name}";
            await _duckGate.WaitAsync(cancellationToken);
            try
            {
                copiedAt = await _tableSync.RunAsync(_duck, relationId, duckSchema, name, cancellationToken);
            }
            finally
            {
                _duckGate.Release();
                _reading = reading;
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

        _reading = "handing a batch to the applier";
        await _queue.AddAsync(_batch.Committed, last, _options.BatchMaxChanges, cancellationToken);
        _reading = Handling;
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
        _applying = "waiting for DuckDB";
        await _duckGate.WaitAsync(cancellationToken);
        try
        {
            _applying = "applying a batch";
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
        _applying = "sending the standby status";
        await replication.SendStatusUpdate(cancellationToken);
        _applying = "idle";
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
            Volatile.Write(ref _tickerWaiting, true);
            await _gate.WaitAsync(cancellationToken);
            Volatile.Write(ref _tickerWaiting, false);
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
