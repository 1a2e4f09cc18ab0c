using System.Globalization;
using HtapRouter.PgQuery.Tree;
using Pg = global::PgQuery;

namespace HtapRouter.Router.Routing;

public sealed partial class QueryClassifier
{
    /// <summary>
    /// Transaction control runs on every backend the session uses, except what a standby refuses: BEGIN READ WRITE
    /// ("cannot set transaction read-write mode during recovery") and two-phase commit.
    /// </summary>
    private static QueryClass ClassifyTransaction(Pg.TransactionStmt statement, PgStatementKind kind)
    {
        var command = statement.Kind switch
        {
            Pg.TransactionStmtKind.TransStmtBegin or Pg.TransactionStmtKind.TransStmtStart => new TransactionCommand(
                TransactionCommandKind.Begin, ModesOf(statement.Options), null, false),
            Pg.TransactionStmtKind.TransStmtCommit => new TransactionCommand(TransactionCommandKind.Commit, TransactionModes.None, null, statement.Chain),
            Pg.TransactionStmtKind.TransStmtRollback => new TransactionCommand(TransactionCommandKind.Rollback, TransactionModes.None, null, statement.Chain),
            Pg.TransactionStmtKind.TransStmtSavepoint => Named(TransactionCommandKind.Savepoint, statement.SavepointName),
            Pg.TransactionStmtKind.TransStmtRelease => Named(TransactionCommandKind.Release, statement.SavepointName),
            Pg.TransactionStmtKind.TransStmtRollbackTo => Named(TransactionCommandKind.RollbackTo, statement.SavepointName),
            Pg.TransactionStmtKind.TransStmtPrepare => Named(TransactionCommandKind.PrepareTransaction, statement.Gid),
            Pg.TransactionStmtKind.TransStmtCommitPrepared => Named(TransactionCommandKind.CommitPrepared, statement.Gid),
            _ => Named(TransactionCommandKind.RollbackPrepared, statement.Gid),
        };
        var primaryOnly = command.Kind is TransactionCommandKind.PrepareTransaction or TransactionCommandKind.CommitPrepared
            or TransactionCommandKind.RollbackPrepared || command.Modes.ReadOnly == false;
        return new QueryClass
        {
            Kind = QueryKind.Transaction,
            Target = primaryOnly ? QueryTarget.Primary : QueryTarget.AllBackends,
            Reason = primaryOnly ? PrimaryReason.PrimaryOnlyCommand : PrimaryReason.None,
            StatementKind = kind,
            Transaction = command,
        };

        static TransactionCommand Named(TransactionCommandKind kind, string name) =>
            new(kind, TransactionModes.None, NullIfEmpty(name), false);
    }

    /// <summary>
    /// SET and RESET run on every backend; setting a transaction read-write only on the primary, which alone
    /// allows it, and SET TRANSACTION SNAPSHOT too, since the snapshot was exported there.
    /// </summary>
    private static QueryClass ClassifySet(Pg.VariableSetStmt statement)
    {
        var command = statement.Kind switch
        {
            Pg.VariableSetKind.VarSetValue => new SessionCommand(
                SessionCommandKind.Set, statement.Name, ValueOf(statement.Args), statement.IsLocal, TransactionModes.None),
            Pg.VariableSetKind.VarSetDefault or Pg.VariableSetKind.VarSetCurrent => new SessionCommand(
                SessionCommandKind.Set, statement.Name, null, statement.IsLocal, TransactionModes.None),
            Pg.VariableSetKind.VarSetMulti => new SessionCommand(
                statement.Name == "SESSION CHARACTERISTICS" ? SessionCommandKind.SetSessionCharacteristics : SessionCommandKind.SetTransaction,
                null, null, statement.IsLocal, ModesOf(statement.Args)),
            Pg.VariableSetKind.VarReset => new SessionCommand(SessionCommandKind.Reset, statement.Name, null, false, TransactionModes.None),
            _ => new SessionCommand(SessionCommandKind.ResetAll, null, null, false, TransactionModes.None),
        };
        var primaryOnly = command.Modes.ReadOnly == false
            || statement.Name == "TRANSACTION SNAPSHOT"
            || (command is { Kind: SessionCommandKind.Set, Name: "transaction_read_only", Value: { } value } && IsFalse(value));
        return SessionClass(PgStatementKind.Set, command, primaryOnly ? QueryTarget.Primary : QueryTarget.AllBackends);
    }

    private static QueryClass ClassifyDiscard(Pg.DiscardStmt statement) => SessionClass(
        PgStatementKind.Discard,
        new SessionCommand(
            statement.Target switch
            {
                Pg.DiscardMode.DiscardAll => SessionCommandKind.DiscardAll,
                Pg.DiscardMode.DiscardPlans => SessionCommandKind.DiscardPlans,
                Pg.DiscardMode.DiscardSequences => SessionCommandKind.DiscardSequences,
                _ => SessionCommandKind.DiscardTemp,
            },
            null, null, false, TransactionModes.None),
        QueryTarget.AllBackends);

    /// <summary>
    /// DEALLOCATE ALL runs everywhere; DEALLOCATE name only where PREPARE ran, the primary, since a backend without
    /// the statement would fail.
    /// </summary>
    private static QueryClass ClassifyDeallocate(Pg.DeallocateStmt statement) => statement.Name.Length == 0
        ? SessionClass(PgStatementKind.Deallocate, new SessionCommand(SessionCommandKind.DeallocateAll, null, null, false, TransactionModes.None), QueryTarget.AllBackends)
        : SessionClass(PgStatementKind.Deallocate, new SessionCommand(SessionCommandKind.Deallocate, statement.Name, null, false, TransactionModes.None), QueryTarget.Primary);

    private static QueryClass SessionClass(PgStatementKind kind, SessionCommand command, QueryTarget target) => new()
    {
        Kind = QueryKind.SessionState,
        Target = target,
        Reason = target == QueryTarget.Primary ? PrimaryReason.PrimaryOnlyCommand : PrimaryReason.None,
        StatementKind = kind,
        Session = command,
    };

    /// <summary>The transaction modes in BEGIN's or SET TRANSACTION's options (DefElems as gram.y builds them).</summary>
    private static TransactionModes ModesOf(IEnumerable<Pg.Node> options)
    {
        TransactionIsolation? isolation = null;
        bool? readOnly = null;
        bool? deferrable = null;
        foreach (var option in options)
        {
            if (option.DefElem is not { } element)
            {
                continue;
            }
            switch (element.Defname)
            {
                case "transaction_isolation":
                    isolation = ConstantOf(element.Arg) switch
                    {
                        "serializable" => TransactionIsolation.Serializable,
                        "repeatable read" => TransactionIsolation.RepeatableRead,
                        "read uncommitted" => TransactionIsolation.ReadUncommitted,
                        _ => TransactionIsolation.ReadCommitted,
                    };
                    break;
                case "transaction_read_only":
                    readOnly = ConstantOf(element.Arg) is { } value ? !IsFalse(value) : null;
                    break;
                case "transaction_deferrable":
                    deferrable = ConstantOf(element.Arg) is { } flag ? !IsFalse(flag) : null;
                    break;
            }
        }
        return isolation is null && readOnly is null && deferrable is null
            ? TransactionModes.None
            : new TransactionModes(isolation, readOnly, deferrable);
    }

    /// <summary>SET's value as written: constants, list items joined by ", "; null when it is not all constants.</summary>
    private static string? ValueOf(Google.Protobuf.Collections.RepeatedField<Pg.Node> args)
    {
        var values = new string[args.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (ConstantOf(args[i]) is not { } value)
            {
                return null;
            }
            values[i] = value;
        }
        return string.Join(", ", values);
    }

    /// <summary>A constant's text: A_Const, or the constant inside a cast (SET TIME ZONE INTERVAL '1' HOUR).</summary>
    private static string? ConstantOf(Pg.Node? node) => node switch
    {
        { AConst: { } constant } => constant.ValCase switch
        {
            Pg.A_Const.ValOneofCase.Sval => constant.Sval.Sval,
            Pg.A_Const.ValOneofCase.Ival => constant.Ival.Ival.ToString(CultureInfo.InvariantCulture),
            Pg.A_Const.ValOneofCase.Fval => constant.Fval.Fval,
            Pg.A_Const.ValOneofCase.Boolval => constant.Boolval.Boolval ? "true" : "false",
            _ => null,
        },
        { TypeCast.Arg: { } inner } => ConstantOf(inner),
        _ => null,
    };

    /// <summary>Whether a setting's text is false as PostgreSQL's parse_bool reads it (prefixes of false/no, off, 0).</summary>
    private static bool IsFalse(string value)
    {
        var text = value.Trim();
        return text.Length > 0 && (
            "false".StartsWith(text, StringComparison.OrdinalIgnoreCase)
            || "no".StartsWith(text, StringComparison.OrdinalIgnoreCase)
            || (text.Length >= 2 && "off".StartsWith(text, StringComparison.OrdinalIgnoreCase))
            || text == "0");
    }
}
