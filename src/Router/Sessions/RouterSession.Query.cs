using System.Buffers;
using System.Runtime.CompilerServices;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Sessions;

internal sealed partial class RouterSession
{
    /// <summary>
    /// Forwards a read bound for the session's connected primary, nearly every read where there is no standby to
    /// balance to: nothing is held back for a retry elsewhere, as the read runs where a retry would. Returns the
    /// primary for the caller to drain before <see cref="EndQueryAsync"/>; null, forwarding nothing, for any other
    /// statement, which <see cref="SimpleQueryAsync"/> runs.
    /// </summary>
    private BackendLink? ForwardPrimaryRead(in PgMessage message, QueryRoute route, string sql)
    {
        if (route.Kind != RouteKind.Read || ConnectedPrimaryFor(route) is not { } primary || ClientStatus() == TransactionStatus.Failed)
        {
            return null;
        }
        ForwardStatement(primary, message, route, sql);
        return primary;
    }

    /// <summary>Sends a simple query to <paramref name="link"/>, counted and logged for its node.</summary>
    private void ForwardStatement(BackendLink link, in PgMessage message, QueryRoute route, string sql)
    {
        Count(link.Node, route);
        LogStatement(link.Node, sql);
        Forward(link, message, Expect.Ready);
    }

    /// <summary>After a simple query's statements ran: the transaction settled, and ReadyForQuery.</summary>
    private ValueTask EndQueryAsync(CancellationToken cancellationToken)
    {
        if (!NothingToSettle())
        {
            return SettleAndReadyAsync(cancellationToken);
        }
        WriteReady();
        return ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SettleAndReadyAsync(CancellationToken cancellationToken)
    {
        await SettleTransactionAsync(cancellationToken);
        WriteReady();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SimpleQueryAsync(PgMessage message, QueryRoute route, string sql, CancellationToken cancellationToken)
    {
        if (ClientStatus() == TransactionStatus.Failed && route.Kind is not (RouteKind.Commit or RouteKind.Rollback or RouteKind.Savepoint))
        {
            ErrorResponseMessage.Write(ClientOutput, InFailedTransaction);
            WriteReady();
            return;
        }

        switch (route.Kind)
        {
            case RouteKind.Admin:
                await RunAdminAsync(route, rowsOnly: false, cancellationToken);
                WriteReady();
                return;
            case RouteKind.Empty:
                EmptyMessage.Write(ClientOutput, BackendCode.EmptyQueryResponse);
                WriteReady();
                return;
            case RouteKind.Read:
                await ReadQueryAsync(message, route, sql, cancellationToken);
                break;
            case RouteKind.Commit:
            case RouteKind.Rollback:
                await EndTransactionAsync(message, route, sql, cancellationToken);
                break;
            default:
                await RunOnLeadAsync(message, route, sql, cancellationToken);
                break;
        }

        await EndQueryAsync(cancellationToken);
    }

    /// <summary>A read: on the session's read node, and again on the primary if a standby cannot run it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadQueryAsync(PgMessage message, QueryRoute route, string sql, CancellationToken cancellationToken)
    {
        var link = await ReadLinkAsync(route, preferIndex: -1, cancellationToken);
        if (link is null)
        {
            ErrorResponseMessage.Write(ClientOutput, NoNode("read"));
            return;
        }

        var mayRetry = !link.Node.IsPrimary && ClientStatus() == TransactionStatus.Idle && Cluster.Primary.IsUsable;
        var copy = mayRetry ? message.ToArray() : null;
        _holding = mayRetry;
        ForwardStatement(link, message, route, sql);
        await DrainAsync(link, throughReady: true, cancellationToken);
        if (!_retryWanted)
        {
            CommitHeld();
            return;
        }

        DiscardHeld();
        link.Node.CountFallback();
        _services.Metrics.CountFallback();
        var primary = await PrimaryLinkAsync(cancellationToken);
        if (primary is null)
        {
            ErrorResponseMessage.Write(ClientOutput, NoNode("read"));
            return;
        }
        Count(primary.Node, route);
        LogStatement(primary.Node, sql);
        ForwardWhole(primary, copy, Expect.Ready);
        await DrainAsync(primary, throughReady: true, cancellationToken);
    }

    /// <summary>
    /// Anything but a read: writes and DDL on the primary; transaction control and session settings on the
    /// backend leading the transaction, repeated on the other backends the session uses.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunOnLeadAsync(PgMessage message, QueryRoute route, string sql, CancellationToken cancellationToken)
    {
        var link = route.Kind == RouteKind.Primary ? await PrimaryLinkAsync(cancellationToken) : await LeadLinkAsync(cancellationToken);
        if (link is null && route.StandbyMayRun)
        {
            link = await ReadLinkAsync(route, preferIndex: -1, cancellationToken);
        }
        if (link is null)
        {
            ErrorResponseMessage.Write(ClientOutput, NoNode(route.Kind == RouteKind.Primary ? "write" : "statement"));
            return;
        }

        ForwardStatement(link, message, route, sql);
        if (route.Kind == RouteKind.Begin)
        {
            _lead = link;
        }
        await DrainAsync(link, throughReady: true, cancellationToken);
        if (!IsLinked(link))
        {
            return;
        }

        await AfterStatementAsync(link, route, sql, cancellationToken);
    }

    /// <summary>Keeps the session's other backends in step after a statement ran on <paramref name="link"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AfterStatementAsync(BackendLink link, QueryRoute route, string sql, CancellationToken cancellationToken)
    {
        var inTransaction = link.TransactionStatus != TransactionStatus.Idle;
        switch (route.Kind)
        {
            case RouteKind.Primary:
                if (route.CountsAsWrite)
                {
                    NoteWrite(route, inTransaction);
                }
                if (route.Class is { } query && (query.CreatedTemporaryTables.Count > 0 || query.DroppedRelations.Count > 0))
                {
                    _temporaryTables.Track(query);
                }
                break;
            case RouteKind.Begin when inTransaction:
                _lead = link;
                _transactionLog.Clear();
                _transactionLog.Add(sql);
                break;
            case RouteKind.Savepoint:
            case RouteKind.TransactionState:
                if (inTransaction)
                {
                    _transactionLog.Add(sql);
                    await RepeatAsync(link, sql, inTransactionOnly: true, cancellationToken);
                }
                break;
            case RouteKind.SessionState:
                if (inTransaction)
                {
                    _pendingSets.Add(sql);
                    await RepeatAsync(link, sql, inTransactionOnly: true, cancellationToken);
                }
                else
                {
                    _sessionSets.Add(sql);
                    await RepeatAsync(link, sql, inTransactionOnly: false, cancellationToken);
                }
                break;
            case RouteKind.Discard:
                _sessionSets.Clear();
                _pendingSets.Clear();
                if (route.Class?.Session?.Kind is SessionCommandKind.DiscardAll or SessionCommandKind.DiscardTemp)
                {
                    _temporaryTables.Clear();
                }
                if (sql.Contains("all", StringComparison.OrdinalIgnoreCase))
                {
                    _statements.Clear();
                    _portals.Clear();
                    foreach (var other in _links)
                    {
                        other?.Connection.Statements.Clear();
                    }
                }
                await RepeatAsync(link, sql, inTransactionOnly: false, cancellationToken);
                break;
        }
    }

    /// <summary>Runs a statement that already ran on <paramref name="done"/> on the session's other backends, unseen.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RepeatAsync(BackendLink done, string sql, bool inTransactionOnly, CancellationToken cancellationToken)
    {
        foreach (var other in _links)
        {
            if (other is null || other == done || (inTransactionOnly && other.TransactionStatus == TransactionStatus.Idle))
            {
                continue;
            }
            QuerySilently(other, sql);
            await DrainAsync(other, throughReady: true, cancellationToken);
        }
    }

    /// <summary>COMMIT or ROLLBACK: on the transaction's lead, which answers the client, and on every other backend in it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask EndTransactionAsync(PgMessage message, QueryRoute route, string sql, CancellationToken cancellationToken)
    {
        var lead = _lead is not null && IsLinked(_lead) ? _lead : FirstInTransaction() ?? await LeadLinkAsync(cancellationToken);
        if (lead is null)
        {
            ErrorResponseMessage.Write(ClientOutput, NoNode("statement"));
            return;
        }

        var failedElsewhere = _transactionFailed && lead.TransactionStatus == TransactionStatus.InTransaction;
        if (failedElsewhere)
        {
            // Another backend failed inside this transaction: it cannot commit anywhere. PostgreSQL answers a
            // COMMIT of a failed transaction with ROLLBACK, and so does the router.
            QuerySilently(lead, "ROLLBACK");
            await DrainAsync(lead, throughReady: true, cancellationToken);
            CommandCompleteMessage.Write(ClientOutput, "ROLLBACK");
        }
        else
        {
            Count(lead.Node, route);
            LogStatement(lead.Node, sql);
            Forward(lead, message, Expect.Ready);
            await DrainAsync(lead, throughReady: true, cancellationToken);
        }

        var committedWrites = _wroteInTransaction && route.Kind == RouteKind.Commit && !failedElsewhere;
        foreach (var other in _links)
        {
            if (other is not null && other != lead && other.TransactionStatus != TransactionStatus.Idle)
            {
                QuerySilently(other, "ROLLBACK");
                await DrainAsync(other, throughReady: true, cancellationToken);
            }
        }

        if (committedWrites)
        {
            _needFence = true;
            _wroteInEarlierTransaction = true;
        }
    }

    /// <summary>
    /// After a statement: when the transaction has ended on its lead, ends it on the other backends too, moves the
    /// settings made inside it to the session (on commit) and forgets its state.
    /// </summary>
    private ValueTask SettleAsync(CancellationToken cancellationToken) =>
        NothingToSettle() ? ValueTask.CompletedTask : SettleTransactionAsync(cancellationToken);

    /// <summary>Outside transactions, after nearly every statement, there is nothing to settle.</summary>
    private bool NothingToSettle() =>
        _lead is null && _transactionLog.Count == 0 && _pendingSets.Count == 0 && _writtenInTransaction.Count == 0
        && !_wroteInTransaction && !_transactionFailed && FirstInTransaction() is null;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SettleTransactionAsync(CancellationToken cancellationToken)
    {
        var leadIdle = _lead is null || !IsLinked(_lead) || _lead.TransactionStatus == TransactionStatus.Idle;
        if (!leadIdle)
        {
            return;
        }

        foreach (var other in _links)
        {
            if (other is not null && other.TransactionStatus != TransactionStatus.Idle && other != _lead)
            {
                QuerySilently(other, "ROLLBACK");
                await DrainAsync(other, throughReady: true, cancellationToken);
            }
        }

        if (_lead is not null || _transactionLog.Count > 0)
        {
            if (_pendingSets.Count > 0 && _lead is not null && IsLinked(_lead))
            {
                // Whether the transaction committed shows in the lead's settings, not here: keep what it reports.
                _sessionSets.AddRange(_pendingSets);
                foreach (var set in _pendingSets)
                {
                    await RepeatAsync(_lead, set, inTransactionOnly: false, cancellationToken);
                }
            }
            if (_wroteInTransaction)
            {
                _needFence = true;
                _wroteInEarlierTransaction = true;
            }
        }

        _pendingSets.Clear();
        _transactionLog.Clear();
        _writtenInTransaction.Clear();
        _wroteInTransaction = false;
        _transactionFailed = false;
        _lead = null;
    }

    private void NoteWrite(QueryRoute route, bool inTransaction)
    {
        _wroteInSession = true;
        if (inTransaction)
        {
            _wroteInTransaction = true;
            foreach (var table in route.WrittenRelations)
            {
                _writtenInTransaction.Add(table);
            }
        }
        else
        {
            _needFence = true;
        }
    }

    private BackendLink? FirstInTransaction()
    {
        foreach (var link in _links)
        {
            if (link is not null && link.TransactionStatus != TransactionStatus.Idle)
            {
                return link;
            }
        }
        return null;
    }

    /// <summary>The transaction status the client sees: every backend's taken together.</summary>
    private TransactionStatus ClientStatus()
    {
        if (_transactionFailed)
        {
            return TransactionStatus.Failed;
        }
        var status = TransactionStatus.Idle;
        foreach (var link in _links)
        {
            switch (link?.TransactionStatus)
            {
                case TransactionStatus.Failed:
                    return TransactionStatus.Failed;
                case TransactionStatus.InTransaction:
                    status = TransactionStatus.InTransaction;
                    break;
            }
        }
        return status;
    }

    private void WriteReady()
    {
        // A backend failing inside a transaction that another backend still holds open fails the whole transaction.
        if (!_transactionFailed)
        {
            var failed = false;
            var open = false;
            foreach (var link in _links)
            {
                failed |= link?.TransactionStatus == TransactionStatus.Failed;
                open |= link?.TransactionStatus == TransactionStatus.InTransaction;
            }
            _transactionFailed = failed && open;
        }
        _skipUntilSync = false;
        ReadyForQueryMessage.Write(_client.Transport.Output, ClientStatus());
    }

    private void Count(BackendNode node, QueryRoute route)
    {
        // A read is counted once, as the node's select_cnt; RouterMetrics reports that same count.
        node.CountStatement(route.Tally);
        if (route.Tally != StatementTally.Select && route.Kind == RouteKind.Primary)
        {
            _services.Metrics.CountWrite(node);
        }
    }

    private static string ReadQueryText(in PgMessage message)
    {
        var reader = new PgPayloadReader(message.Payload, "Query");
        return reader.ReadCString();
    }

    /// <summary>
    /// The error for a statement no backend can take: the backend's own refusal when opening the session's
    /// connection failed on a login error (too many clients, a dropped role or database), else 08006.
    /// </summary>
    private PgError NoNode(string what)
    {
        if (_loginRefusal is { } refusal)
        {
            _loginRefusal = null;
            return refusal with { Severity = PgSeverity.Error };
        }
        return PgError.Error(SqlState.ConnectionFailure, $"no backend node is available to run this {what}") with
        {
            Hint = "SHOW POOL_NODES lists the nodes and their status.",
        };
    }

    private static readonly PgError InFailedTransaction = PgError.Error(SqlState.InFailedSqlTransaction,
        "current transaction is aborted, commands ignored until end of transaction block");
}
