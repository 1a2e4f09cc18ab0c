using System.Buffers;
using System.Runtime.CompilerServices;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.Router.Sessions;

internal sealed partial class RouterSession
{
    private readonly ParseMessage _parse = new();
    private readonly List<(BackendLink Link, QueryRoute Route, string Sql)> _executed = [];
    private BackendLink? _current;
    private BackendLink? _batchLink;
    private bool _batchOpen;
    private bool _forcePrimary;

    /// <summary>
    /// Parse, Bind, Describe, Execute or Close: routed and forwarded, or answered by the router, with nothing awaited
    /// here. The handler's own task is returned, so a message that needs no wait costs no frame of this method's.
    /// </summary>
    private ValueTask ExtendedAsync(in PgMessage message, CancellationToken cancellationToken)
    {
        if (_skipUntilSync)
        {
            return ValueTask.CompletedTask;
        }

        if (!_batchOpen)
        {
            _batchOpen = true;
            _batchRecord.ResetWrittenCount();
            _batchLink = null;
            // Only a batch that may run on a standby may need running again on the primary: with no standby to
            // balance to, and the primary up, there is nothing to record for it.
            _batchRetry = Cluster.Balances && !_forcePrimary && ClientStatus() == TransactionStatus.Idle && Cluster.Primary.IsUsable
                ? BatchRetry.Eligible
                : BatchRetry.None;
        }

        if (_batchRetry == BatchRetry.Eligible)
        {
            message.WriteTo(_batchRecord);
        }

        return message.Code switch
        {
            FrontendCode.Parse => ParseAsync(message, cancellationToken),
            FrontendCode.Bind => BindAsync(message, cancellationToken),
            FrontendCode.Describe => DescribeAsync(message, cancellationToken),
            FrontendCode.Execute => ExecuteAsync(message, cancellationToken),
            FrontendCode.Close => CloseAsync(message, cancellationToken),
            _ => ValueTask.CompletedTask,
        };
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ParseAsync(PgMessage message, CancellationToken cancellationToken)
    {
        // Clients that parse the same unnamed statement for every execution (pgbench -M extended, most drivers'
        // unprepared commands) send the same bytes again: the text is the one decoded last time.
        var name = StatementNameOf(message);
        var same = _statements.TryGetValue(name, out var previous) && SameParse(previous, message);
        string sql;
        if (same)
        {
            sql = previous!.Sql;
        }
        else
        {
            _parse.Read(message.Payload);
            sql = _parse.Sql;
        }
        var route = _services.Classifier.Classify(sql, _temporaryTables);
        if (ClientStatus() == TransactionStatus.Failed && route.Kind is not (RouteKind.Commit or RouteKind.Rollback or RouteKind.Savepoint))
        {
            await LocalErrorAsync(InFailedTransaction, cancellationToken);
            return;
        }

        if (route.Kind == RouteKind.Admin)
        {
            await SwitchToLocalAsync(cancellationToken);
            _statements[name] = new SessionStatement(name, sql, route, []) { HomeIndex = -1 };
            EmptyMessage.Write(ClientOutput, BackendCode.ParseComplete);
            return;
        }

        var link = await LinkForAsync(route, preferIndex: -1, cancellationToken);
        if (link is null)
        {
            await LocalErrorAsync(NoNode(route.IsRead ? "read" : "statement"), cancellationToken);
            return;
        }

        await SwitchToAsync(link, route, cancellationToken);
        LogStatement(link.Node, sql);
        Forward(link, message, Expect.Parse);
        // The same Parse again keeps the statement it made last time.
        if (!same || previous!.Route != route)
        {
            _statements[name] = new SessionStatement(name, sql, route, message.ToArray()) { HomeIndex = link.Node.Index };
        }
        else
        {
            previous.HomeIndex = link.Node.Index;
        }
        if (name.Length == 0)
        {
            // The unnamed statement on other backends is an older one now.
            foreach (var other in _links)
            {
                if (other is not null && other != link)
                {
                    other.Connection.Statements.Remove(name);
                }
            }
        }
        link.Connection.Statements.Add(name);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask BindAsync(PgMessage message, CancellationToken cancellationToken)
    {
        var reader = new PgPayloadReader(message.Payload, "Bind");
        var portal = reader.ReadCString();
        var statementName = reader.ReadCString();
        if (!_statements.TryGetValue(statementName, out var statement))
        {
            // The backend reports the unknown statement (26000) as PostgreSQL would.
            await ForwardToAnyAsync(message, Expect.Bind, cancellationToken);
            return;
        }

        if (statement.HomeIndex < 0)
        {
            await SwitchToLocalAsync(cancellationToken);
            _portals[portal] = new SessionPortal(-1, statement.Route, statement.Sql);
            EmptyMessage.Write(ClientOutput, BackendCode.BindComplete);
            return;
        }

        var link = await LinkForAsync(statement.Route, statement.HomeIndex, cancellationToken);
        if (link is null)
        {
            await LocalErrorAsync(NoNode(statement.Route.IsRead ? "read" : "statement"), cancellationToken);
            return;
        }

        await SwitchToAsync(link, statement.Route, cancellationToken);
        EnsurePrepared(link, statement);
        Forward(link, message, Expect.Bind);
        _portals[portal] = new SessionPortal(link.Node.Index, statement.Route, statement.Sql);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DescribeAsync(PgMessage message, CancellationToken cancellationToken)
    {
        var reader = new PgPayloadReader(message.Payload, "Describe");
        var kind = (PgTargetKind)reader.ReadByte();
        var name = reader.ReadCString();
        if (kind == PgTargetKind.Statement)
        {
            if (!_statements.TryGetValue(name, out var statement))
            {
                await ForwardToAnyAsync(message, Expect.DescribeStatement, cancellationToken);
                return;
            }
            if (statement.HomeIndex < 0)
            {
                await SwitchToLocalAsync(cancellationToken);
                new ParameterDescriptionMessage().Write(ClientOutput);
                WriteAdminDescription(statement.Route);
                return;
            }

            var link = _links[statement.HomeIndex] ?? await LinkForAsync(statement.Route, -1, cancellationToken);
            if (link is null)
            {
                await LocalErrorAsync(NoNode("statement"), cancellationToken);
                return;
            }
            await SwitchToAsync(link, statement.Route, cancellationToken);
            EnsurePrepared(link, statement);
            Forward(link, message, Expect.DescribeStatement);
            return;
        }

        if (!_portals.TryGetValue(name, out var portal))
        {
            await ForwardToAnyAsync(message, Expect.DescribePortal, cancellationToken);
            return;
        }
        if (portal.LinkIndex < 0)
        {
            await SwitchToLocalAsync(cancellationToken);
            WriteAdminDescription(portal.Route);
            return;
        }
        if (_links[portal.LinkIndex] is not { } holder)
        {
            await LocalErrorAsync(PortalLost(name), cancellationToken);
            return;
        }
        await SwitchToAsync(holder, portal.Route, cancellationToken);
        Forward(holder, message, Expect.DescribePortal);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ExecuteAsync(PgMessage message, CancellationToken cancellationToken)
    {
        var reader = new PgPayloadReader(message.Payload, "Execute");
        var name = reader.ReadCString();
        if (!_portals.TryGetValue(name, out var portal))
        {
            await ForwardToAnyAsync(message, Expect.Execute, cancellationToken);
            return;
        }
        if (portal.LinkIndex < 0)
        {
            await SwitchToLocalAsync(cancellationToken);
            await RunAdminAsync(portal.Route, rowsOnly: true, cancellationToken);
            return;
        }
        if (_links[portal.LinkIndex] is not { } link)
        {
            await LocalErrorAsync(PortalLost(name), cancellationToken);
            return;
        }

        await SwitchToAsync(link, portal.Route, cancellationToken);
        Count(link.Node, portal.Route);
        Forward(link, message, Expect.Execute);
        if (portal.Route.Kind == RouteKind.Begin)
        {
            _lead = link;
        }
        if (portal.Route.Kind is not (RouteKind.Read or RouteKind.Empty))
        {
            _executed.Add((link, portal.Route, portal.Sql));
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CloseAsync(PgMessage message, CancellationToken cancellationToken)
    {
        var reader = new PgPayloadReader(message.Payload, "Close");
        var kind = (PgTargetKind)reader.ReadByte();
        var name = reader.ReadCString();
        BackendLink? home = null;
        if (kind == PgTargetKind.Statement && _statements.Remove(name, out var statement) && statement.HomeIndex >= 0)
        {
            home = _links[statement.HomeIndex];
            foreach (var other in _links)
            {
                if (other is not null && other != home && other.Connection.Statements.Remove(name))
                {
                    // Closed everywhere it was prepared, so a later Parse of the same name succeeds everywhere.
                    var close = new ArrayBufferWriter<byte>(16);
                    TargetMessage.Write(close, FrontendCode.Close, PgTargetKind.Statement, name);
                    SendSilently(other, close.WrittenSpan, Expect.Close);
                    MarkInBatch(other);
                }
            }
            home?.Connection.Statements.Remove(name);
        }
        else if (kind == PgTargetKind.Portal && _portals.Remove(name, out var portal) && portal.LinkIndex >= 0)
        {
            home = _links[portal.LinkIndex];
        }

        if (home is null)
        {
            // Closing what does not exist is not an error in PostgreSQL.
            await SwitchToLocalAsync(cancellationToken);
            EmptyMessage.Write(ClientOutput, BackendCode.CloseComplete);
            return;
        }

        await SwitchToAsync(home, QueryRoute.PrimaryOther, cancellationToken);
        Forward(home, message, Expect.Close);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SyncAsync(CancellationToken cancellationToken)
    {
        await SyncBatchAsync(cancellationToken);
        await EndSyncAsync(cancellationToken);
    }

    /// <summary>
    /// The Sync of a batch on one backend with nothing held back for a retry, nearly every one: it is sent, and the
    /// backend returned for the caller to drain before <see cref="EndSyncAsync"/>. Null for any other batch.
    /// </summary>
    private BackendLink? SyncAlone()
    {
        if (_batch.Count != 1 || _holding)
        {
            return null;
        }
        var link = _batch[0];
        SyncOne(link);
        return link;
    }

    /// <summary>After every backend of the batch answered its Sync: a retry on the primary if one is wanted, then ReadyForQuery.</summary>
    private ValueTask EndSyncAsync(CancellationToken cancellationToken)
    {
        if (_retryWanted || !_skipUntilSync && _executed.Count > 0 || !NothingToSettle())
        {
            return EndSyncSlowAsync(cancellationToken);
        }
        CommitHeld();
        _executed.Clear();
        EndSync();
        return ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask EndSyncSlowAsync(CancellationToken cancellationToken)
    {
        if (_retryWanted)
        {
            // A standby rejected a read before any of it reached the client: run the batch on the primary.
            DiscardHeld();
            _skipUntilSync = false;
            var node = _batchLink?.Node;
            node?.CountFallback();
            _services.Metrics.CountFallback();
            var record = _batchRecord.WrittenSpan.ToArray();
            _executed.Clear();
            _forcePrimary = true;
            try
            {
                _batchOpen = true;
                _batchRetry = BatchRetry.None;
                await ReplayAsync(record, cancellationToken);
                await SyncBatchAsync(cancellationToken);
            }
            finally
            {
                _forcePrimary = false;
            }
        }
        else
        {
            CommitHeld();
        }

        if (!_skipUntilSync)
        {
            foreach (var (link, route, sql) in _executed)
            {
                if (IsLinked(link))
                {
                    await AfterStatementAsync(link, route, sql, cancellationToken);
                }
            }
        }
        _executed.Clear();
        await SettleAsync(cancellationToken);
        EndSync();
    }

    private void EndSync()
    {
        WriteReady();
        _batchOpen = false;
        _batchRetry = BatchRetry.None;
        _batchLink = null;
        _current = null;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SyncBatchAsync(CancellationToken cancellationToken)
    {
        foreach (var link in _batch)
        {
            SyncOne(link);
        }

        // Answers reach the client in the order the messages were sent: each backend's in turn. A backend lost on
        // the way leaves _batch, so the loops go over a copy of it.
        _batchSnapshot.Clear();
        _batchSnapshot.AddRange(_batch);
        foreach (var link in _batchSnapshot)
        {
            await FlushLinkAsync(link, cancellationToken);
        }
        foreach (var link in _batchSnapshot)
        {
            await DrainAsync(link, throughReady: true, cancellationToken);
            link.InBatch = false;
        }
        _batchSnapshot.Clear();
        EndBatch();
    }

    private static void SyncOne(BackendLink link)
    {
        EmptyMessage.Write(link.Connection.Client.Transport.Output, FrontendCode.Sync);
        link.Pending.Enqueue(new Pending(Expect.Ready, Silent: false));
        link.Unflushed = true;
    }

    /// <summary>Every backend of the batch has answered its Sync (or was lost): the next message begins a new batch.</summary>
    private void EndBatch()
    {
        _batch.Clear();
        _current = null;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReplayAsync(byte[] record, CancellationToken cancellationToken)
    {
        var reader = new PgMessageReader(PgMessageSource.Frontend);
        var remaining = new ReadOnlySequence<byte>(record);
        while (!remaining.IsEmpty)
        {
            var consumed = remaining.Start;
            var examined = remaining.End;
            if (!reader.TryParseMessage(remaining, ref consumed, ref examined, out var message))
            {
                break;
            }
            await ExtendedAsync(message, cancellationToken);
            remaining = remaining.Slice(consumed);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        // The client waits for answers now: nothing can be held back for a retry any more.
        Spoil();
        foreach (var link in _batch.ToArray())
        {
            await DrainAsync(link, throughReady: false, cancellationToken);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FunctionCallAsync(PgMessage message, CancellationToken cancellationToken)
    {
        var link = await PrimaryLinkAsync(cancellationToken);
        if (link is null)
        {
            ErrorResponseMessage.Write(ClientOutput, NoNode("function call"));
        }
        else
        {
            Forward(link, message, Expect.Ready);
            await DrainAsync(link, throughReady: true, cancellationToken);
            NoteWrite(QueryRoute.PrimaryOther, link.TransactionStatus != TransactionStatus.Idle);
        }
        await SettleAsync(cancellationToken);
        WriteReady();
    }

    /// <summary>
    /// Makes <paramref name="link"/> the backend the next message goes to. Answers the previous one still owes
    /// are relayed first, so the client gets every answer in the order it sent the messages.
    /// </summary>
    private ValueTask SwitchToAsync(BackendLink link, QueryRoute route, CancellationToken cancellationToken)
    {
        if (_current == link && link.InBatch && _batchRetry != BatchRetry.Eligible)
        {
            // The next message of a batch on the same backend: nothing to wait for, nothing to decide.
            return ValueTask.CompletedTask;
        }
        return SwitchToNewAsync(link, route, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SwitchToNewAsync(BackendLink link, QueryRoute route, CancellationToken cancellationToken)
    {
        if (_batchRetry == BatchRetry.Eligible)
        {
            if (!route.IsRead && route.Kind != RouteKind.Empty || link.Node.IsPrimary || (_batchLink is not null && _batchLink != link))
            {
                Spoil();
            }
            else
            {
                _batchLink = link;
                _holding = true;
            }
        }

        if (_current is not null && _current != link && IsLinked(_current) && _current.OwesAnswersBeforeReady)
        {
            Spoil();
            await DrainAsync(_current, throughReady: false, cancellationToken);
        }
        _current = link;
        MarkInBatch(link);
    }

    private void MarkInBatch(BackendLink link)
    {
        if (!link.InBatch)
        {
            link.InBatch = true;
            _batch.Add(link);
        }
    }

    /// <summary>The router answers the next message itself, after what the current backend still owes.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SwitchToLocalAsync(CancellationToken cancellationToken)
    {
        Spoil();
        if (_current is not null && IsLinked(_current) && _current.OwesAnswersBeforeReady)
        {
            await DrainAsync(_current, throughReady: false, cancellationToken);
        }
        _current = null;
    }

    private void Spoil()
    {
        if (_batchRetry == BatchRetry.Eligible)
        {
            _batchRetry = BatchRetry.Spoiled;
        }
        CommitHeld();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask LocalErrorAsync(PgError error, CancellationToken cancellationToken)
    {
        await SwitchToLocalAsync(cancellationToken);
        ErrorResponseMessage.Write(ClientOutput, error);
        _skipUntilSync = true;
    }

    /// <summary>A message naming something the router does not know: the backend in use reports it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ForwardToAnyAsync(PgMessage message, Expect expect, CancellationToken cancellationToken)
    {
        var link = _current ?? await LeadLinkAsync(cancellationToken);
        if (link is null)
        {
            await LocalErrorAsync(NoNode("statement"), cancellationToken);
            return;
        }
        await SwitchToAsync(link, QueryRoute.PrimaryOther, cancellationToken);
        Forward(link, message, expect);
    }

    private static string StatementNameOf(in PgMessage parse)
    {
        var reader = new PgPayloadReader(parse.Payload, "Parse");
        return reader.ReadCString();
    }

    /// <summary>Whether <paramref name="message"/> is the Parse that prepared <paramref name="statement"/>, byte for byte.</summary>
    private static bool SameParse(SessionStatement statement, in PgMessage message) =>
        statement.ParseMessage.Length == message.WireLength && message.Payload.IsSingleSegment
        && statement.ParseMessage.AsSpan(sizeof(byte) + sizeof(int)).SequenceEqual(message.Payload.FirstSpan);

    /// <summary>Prepares a statement on a backend that has not seen it, before the client's message that uses it.</summary>
    private static void EnsurePrepared(BackendLink link, SessionStatement statement)
    {
        if (link.Connection.Statements.Add(statement.Name))
        {
            SendSilently(link, statement.ParseMessage, Expect.Parse);
        }
    }

    private static PgError PortalLost(string name) => PgError.Error("34000",
        $"portal \"{name}\" does not exist") with { Detail = "The backend that held it is no longer available." };
}
