using HtapRouter.AnalyticNode.Sql;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.AnalyticNode.Sessions;

internal sealed partial class NodeSession
{
    private readonly List<string> _savepoints = [];

    /// <summary>
    /// Transaction control as on a PostgreSQL hot standby: read committed needs no DuckDB transaction (each
    /// statement sees the newest applied data); repeatable read holds one DuckDB snapshot for the block;
    /// serializable and READ WRITE are refused as a standby refuses them.
    /// </summary>
    private void RunTransaction(TransactionStatement statement)
    {
        switch (statement.Action)
        {
            case TransactionAction.Begin:
                if (_status != TransactionStatus.Idle)
                {
                    SendNotice("there is already a transaction in progress", SqlState.ActiveSqlTransaction);
                    CommandCompleteMessage.Write(Transport.Output, "BEGIN");
                    return;
                }

                CheckTransactionMode(statement);
                StartTransaction(statement.Isolation);
                CommandCompleteMessage.Write(Transport.Output, "BEGIN");
                return;

            case TransactionAction.Commit:
                if (_status == TransactionStatus.Idle)
                {
                    SendNotice("there is no transaction in progress", SqlState.NoActiveSqlTransaction);
                    CommandCompleteMessage.Write(Transport.Output, "COMMIT");
                    return;
                }

                var committed = _status == TransactionStatus.InTransaction;
                EndTransaction(committed);
                CommandCompleteMessage.Write(Transport.Output, committed ? "COMMIT" : "ROLLBACK");
                ChainIfAsked(statement);
                return;

            case TransactionAction.Rollback:
                if (_status == TransactionStatus.Idle)
                {
                    SendNotice("there is no transaction in progress", SqlState.NoActiveSqlTransaction);
                }
                else
                {
                    EndTransaction(committed: false);
                    ChainIfAsked(statement);
                }

                CommandCompleteMessage.Write(Transport.Output, "ROLLBACK");
                return;

            case TransactionAction.Savepoint:
                RequireBlock("SAVEPOINT");
                _savepoints.Add(statement.Savepoint!);
                CommandCompleteMessage.Write(Transport.Output, "SAVEPOINT");
                return;

            case TransactionAction.Release:
                RequireBlock("RELEASE SAVEPOINT");
                _savepoints.RemoveRange(FindSavepoint(statement.Savepoint!), _savepoints.Count - FindSavepoint(statement.Savepoint!));
                CommandCompleteMessage.Write(Transport.Output, "RELEASE");
                return;

            case TransactionAction.RollbackToSavepoint:
                RequireBlock("ROLLBACK TO SAVEPOINT");
                var index = FindSavepoint(statement.Savepoint!);
                _savepoints.RemoveRange(index + 1, _savepoints.Count - index - 1);
                _status = TransactionStatus.InTransaction;
                CommandCompleteMessage.Write(Transport.Output, "ROLLBACK");
                return;

            case TransactionAction.SetTransaction:
                if (_status == TransactionStatus.Idle)
                {
                    SendNotice("SET TRANSACTION can only be used in transaction blocks", SqlState.NoActiveSqlTransaction);
                }

                CheckTransactionMode(statement);
                CommandCompleteMessage.Write(Transport.Output, "SET");
                return;
        }
    }

    private static void CheckTransactionMode(TransactionStatement statement)
    {
        if (statement.ReadWrite)
        {
            throw new PgErrorException(SqlState.FeatureNotSupported, "cannot set transaction read-write mode during recovery");
        }

        if (statement.Isolation == "serializable")
        {
            throw new PgErrorException(new PgError(PgSeverity.Error, SqlState.FeatureNotSupported,
                "cannot use serializable mode in a hot standby")
            {
                Hint = "You can use REPEATABLE READ instead.",
            });
        }
    }

    private void StartTransaction(string? isolation)
    {
        _status = TransactionStatus.InTransaction;
        if (isolation == "repeatable read")
        {
            _duck.ExecuteNonQuery("BEGIN TRANSACTION");
            _duckTransactionOpen = true;
        }
    }

    private void EndTransaction(bool committed)
    {
        if (_duckTransactionOpen)
        {
            _duckTransactionOpen = false;
            _duck.ExecuteNonQuery("ROLLBACK"); // nothing was written: rollback only releases the snapshot
        }

        _status = TransactionStatus.Idle;
        _savepoints.Clear();
        Settings.EndTransaction(committed);
        ClosePortalsAtTransactionEnd();
    }

    private void ChainIfAsked(TransactionStatement statement)
    {
        if (statement.Chain)
        {
            StartTransaction(isolation: null);
        }
    }

    private void RequireBlock(string command)
    {
        if (_status == TransactionStatus.Idle)
        {
            throw new PgErrorException(SqlState.NoActiveSqlTransaction, $"{command} can only be used in transaction blocks");
        }
    }

    private int FindSavepoint(string name)
    {
        var index = _savepoints.LastIndexOf(name);
        return index >= 0
            ? index
            : throw new PgErrorException("3B001", $"savepoint \"{name}\" does not exist");
    }

    private void RunSet(SetStatement set)
    {
        var inTransaction = _status != TransactionStatus.Idle;
        if (set.IsLocal && !inTransaction)
        {
            SendNotice("SET LOCAL can only be used in transaction blocks", SqlState.NoActiveSqlTransaction);
        }

        if (set.Value is null)
        {
            Settings.Reset(set.Name, inTransaction);
        }
        else if (set.Name.Equals("transaction_read_only", StringComparison.OrdinalIgnoreCase))
        {
            if (SettingRules.Boolean(set.Name, set.Value) == "off")
            {
                throw new PgErrorException(SqlState.FeatureNotSupported, "cannot set transaction read-write mode during recovery");
            }
        }
        else
        {
            Settings.Set(set.Name, set.Value, set.IsLocal, inTransaction);
        }

        CommandCompleteMessage.Write(Transport.Output, "SET");
    }

    private void RunReset(ResetStatement reset)
    {
        var inTransaction = _status != TransactionStatus.Idle;
        if (reset.Name is null)
        {
            Settings.ResetAll(inTransaction);
        }
        else
        {
            Settings.Reset(reset.Name, inTransaction);
        }

        CommandCompleteMessage.Write(Transport.Output, "RESET");
    }
}
