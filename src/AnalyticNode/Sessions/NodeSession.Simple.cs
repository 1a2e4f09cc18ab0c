using HtapRouter.AnalyticNode.Sql;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.AnalyticNode.Sessions;

internal sealed partial class NodeSession
{
    /// <summary>
    /// The simple query protocol: every statement of the string in turn, each with its own results; the first
    /// error ends the string. Then ReadyForQuery.
    /// </summary>
    private async ValueTask SimpleQueryAsync(string sql, CancellationToken cancellationToken)
    {
        try
        {
            var statements = Plan(sql, static (planner, sql, settings) => planner.PlanQuery(sql, settings));
            if (statements.Count == 0)
            {
                EmptyMessage.Write(Transport.Output, BackendCode.EmptyQueryResponse);
            }

            foreach (var statement in statements)
            {
                await RunStatementAsync(statement, portal: null, maxRows: 0, cancellationToken);
                ReportChangedSettings();
            }
        }
        catch (PgErrorException e)
        {
            ReportChangedSettings();
            await ReportErrorAsync(e.Error, cancellationToken);
        }

        await SendReadyForQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Runs one statement and writes its results. For the simple protocol (<paramref name="portal"/> null) a
    /// query sends its RowDescription first; a portal's was sent by Describe, if asked for.
    /// Returns false when the portal was suspended at <paramref name="maxRows"/>.
    /// </summary>
    private async ValueTask<bool> RunStatementAsync(NodeStatement statement, Portal? portal, int maxRows,
        CancellationToken cancellationToken)
    {
        if (_status == TransactionStatus.Failed && !EndsFailedTransaction(statement))
        {
            throw new PgErrorException(SqlState.InFailedSqlTransaction,
                "current transaction is aborted, commands ignored until end of transaction block");
        }

        switch (statement)
        {
            case QueryStatement query:
                return await RunQueryAsync(query, portal, maxRows, cancellationToken);
            case EmptyStatement:
                EmptyMessage.Write(Transport.Output, BackendCode.EmptyQueryResponse);
                return true;
            case RejectedStatement rejected:
                throw new PgErrorException(rejected.Error);
            case NoOpStatement noOp:
                CommandCompleteMessage.Write(Transport.Output, noOp.Tag);
                return true;
            case TransactionStatement transaction:
                RunTransaction(transaction);
                return true;
            case SetStatement set:
                RunSet(set);
                return true;
            case ResetStatement reset:
                RunReset(reset);
                return true;
            case ShowStatement show:
                RunShow(show, portal);
                return true;
            case DiscardStatement discard:
                RunDiscard(discard);
                return true;
            case DeallocateStatement deallocate:
                RunDeallocate(deallocate);
                return true;
            default:
                throw new PgErrorException(SqlState.FeatureNotSupported, $"statement {statement.GetType().Name} is not supported");
        }
    }

    /// <summary>DISCARD ALL: what a pooler sends before handing the session to another client.</summary>
    private void RunDiscard(DiscardStatement discard)
    {
        if (discard.All)
        {
            if (_status != TransactionStatus.Idle)
            {
                throw new PgErrorException(SqlState.ActiveSqlTransaction, "DISCARD ALL cannot run inside a transaction block");
            }

            Settings.ResetAll(inTransaction: false);
            ClosePortalsAtTransactionEnd();
            foreach (var name in _prepared.Keys.ToList())
            {
                DropStatement(name);
            }
        }

        CommandCompleteMessage.Write(Transport.Output, discard.Tag);
    }

    /// <summary>DEALLOCATE shares its namespace with protocol-level prepared statements, as in PostgreSQL.</summary>
    private void RunDeallocate(DeallocateStatement deallocate)
    {
        if (deallocate.Name is null)
        {
            foreach (var name in _prepared.Keys.ToList())
            {
                DropStatement(name);
            }

            CommandCompleteMessage.Write(Transport.Output, "DEALLOCATE ALL");
            return;
        }

        if (!_prepared.ContainsKey(deallocate.Name))
        {
            throw new PgErrorException(SqlState.InvalidSqlStatementName, $"prepared statement \"{deallocate.Name}\" does not exist");
        }

        DropStatement(deallocate.Name);
        CommandCompleteMessage.Write(Transport.Output, "DEALLOCATE");
    }

    private static bool EndsFailedTransaction(NodeStatement statement) => statement is TransactionStatement
    {
        Action: TransactionAction.Commit or TransactionAction.Rollback or TransactionAction.RollbackToSavepoint,
    };
}
