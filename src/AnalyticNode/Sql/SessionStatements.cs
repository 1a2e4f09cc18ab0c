using System.Globalization;
using HtapRouter.PgWire.Protocol;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>Reads transaction-control, SET, SHOW and DISCARD statements off their parse trees.</summary>
internal static class SessionStatements
{
    public static TransactionStatement Transaction(Pg.TransactionStmt statement)
    {
        var action = statement.Kind switch
        {
            Pg.TransactionStmtKind.TransStmtBegin or Pg.TransactionStmtKind.TransStmtStart => TransactionAction.Begin,
            Pg.TransactionStmtKind.TransStmtCommit => TransactionAction.Commit,
            Pg.TransactionStmtKind.TransStmtRollback => TransactionAction.Rollback,
            Pg.TransactionStmtKind.TransStmtSavepoint => TransactionAction.Savepoint,
            Pg.TransactionStmtKind.TransStmtRelease => TransactionAction.Release,
            Pg.TransactionStmtKind.TransStmtRollbackTo => TransactionAction.RollbackToSavepoint,
            _ => throw new PgErrorException(SqlState.FeatureNotSupported, "two-phase commit is not available on a standby"),
        };
        var (isolation, readWrite) = Modes(statement.Options);
        return new TransactionStatement(action, statement.SavepointName is { Length: > 0 } name ? name : null, isolation, readWrite, statement.Chain);
    }

    public static NodeStatement Set(Pg.VariableSetStmt statement) => statement.Kind switch
    {
        Pg.VariableSetKind.VarSetValue => new SetStatement(statement.Name, Value(statement.Args), statement.IsLocal),
        Pg.VariableSetKind.VarSetDefault => new SetStatement(statement.Name, null, statement.IsLocal),
        Pg.VariableSetKind.VarSetCurrent => new NoOpStatement("SET"),
        Pg.VariableSetKind.VarReset => new ResetStatement(statement.Name),
        Pg.VariableSetKind.VarResetAll => new ResetStatement(null),
        Pg.VariableSetKind.VarSetMulti when statement.Name == "TRANSACTION" => SetTransaction(statement.Args),
        Pg.VariableSetKind.VarSetMulti when statement.Name == "SESSION CHARACTERISTICS" => SessionCharacteristics(statement.Args),
        _ => throw new PgErrorException(SqlState.FeatureNotSupported, $"SET {statement.Name} is not supported by the analytic node"),
    };

    /// <summary>SHOW's name; the grammar already maps "TIME ZONE" and "TRANSACTION ISOLATION LEVEL" to settings.</summary>
    public static string ShowName(string name) => name;

    public static DiscardStatement Discard(Pg.DiscardStmt statement) => statement.Target switch
    {
        Pg.DiscardMode.DiscardAll => new DiscardStatement(true, "DISCARD ALL"),
        Pg.DiscardMode.DiscardPlans => new DiscardStatement(false, "DISCARD PLANS"),
        Pg.DiscardMode.DiscardSequences => new DiscardStatement(false, "DISCARD SEQUENCES"),
        _ => new DiscardStatement(false, "DISCARD TEMP"),
    };

    private static TransactionStatement SetTransaction(IEnumerable<Pg.Node> options)
    {
        var (isolation, readWrite) = Modes(options);
        return new TransactionStatement(TransactionAction.SetTransaction, null, isolation, readWrite);
    }

    private static NodeStatement SessionCharacteristics(IEnumerable<Pg.Node> options)
    {
        var (isolation, readWrite) = Modes(options);
        if (readWrite)
        {
            return new SetStatement("default_transaction_read_only", "off", IsLocal: false);
        }

        return isolation is null
            ? new NoOpStatement("SET")
            : new SetStatement("default_transaction_isolation", isolation, IsLocal: false);
    }

    private static (string? Isolation, bool ReadWrite) Modes(IEnumerable<Pg.Node> options)
    {
        string? isolation = null;
        var readWrite = false;
        foreach (var option in options)
        {
            switch (option.DefElem)
            {
                case { Defname: "transaction_isolation" } element:
                    isolation = Text(element.Arg);
                    break;
                case { Defname: "transaction_read_only" } element:
                    readWrite = Text(element.Arg) is "0" or "false" or "off";
                    break;
            }
        }

        return (isolation, readWrite);
    }

    /// <summary>A SET value as PostgreSQL flattens it: list items joined by ", ".</summary>
    private static string Value(IEnumerable<Pg.Node> args) => string.Join(", ", args.Select(Text));

    private static string Text(Pg.Node? node) => node switch
    {
        { AConst: { } constant } => Constant(constant),
        { TypeCast: { Arg: { } arg } } => Text(arg),
        { String: { } s } => s.Sval,
        { Integer: { } i } => i.Ival.ToString(CultureInfo.InvariantCulture),
        _ => throw new PgErrorException(SqlState.SyntaxError, "unsupported SET value"),
    };

    private static string Constant(Pg.A_Const constant) => constant.ValCase switch
    {
        Pg.A_Const.ValOneofCase.Sval => constant.Sval.Sval,
        Pg.A_Const.ValOneofCase.Ival => constant.Ival.Ival.ToString(CultureInfo.InvariantCulture),
        Pg.A_Const.ValOneofCase.Fval => constant.Fval.Fval,
        Pg.A_Const.ValOneofCase.Boolval => constant.Boolval.Boolval ? "on" : "off",
        _ => throw new PgErrorException(SqlState.SyntaxError, "unsupported SET value"),
    };
}
