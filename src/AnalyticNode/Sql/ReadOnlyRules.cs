using HtapRouter.PgQuery;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Protocol;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// What a PostgreSQL hot standby refuses, and in what words: writes get 25006 "cannot execute X in a
/// read-only transaction", and commands that need a primary get "cannot execute X during recovery".
/// </summary>
internal static class ReadOnlyRules
{
    /// <summary>Refuses a SELECT that writes: SELECT INTO, row locks, or a data-modifying WITH.</summary>
    public static void CheckSelect(Pg.SelectStmt select)
    {
        if (select.IntoClause is not null)
        {
            throw ReadOnly("SELECT INTO");
        }

        if (select.LockingClause.Count > 0)
        {
            throw ReadOnly($"SELECT {LockName(select.LockingClause[0].LockingClause.Strength)}");
        }

        if (select.WithClause is { } with)
        {
            foreach (var cte in with.Ctes)
            {
                var kind = PgStatementClassifier.Classify(cte.CommonTableExpr.Ctequery);
                if (kind is PgStatementKind.Insert or PgStatementKind.Update or PgStatementKind.Delete or PgStatementKind.Merge)
                {
                    throw ReadOnly(kind.ToString().ToUpperInvariant());
                }

                if (cte.CommonTableExpr.Ctequery.SelectStmt is { } inner)
                {
                    CheckSelect(inner);
                }
            }
        }

        if (select.Larg is not null)
        {
            CheckSelect(select.Larg);
        }

        if (select.Rarg is not null)
        {
            CheckSelect(select.Rarg);
        }
    }

    /// <summary>The error for a statement the standby does not run.</summary>
    public static NodeStatement Refuse(PgStatement statement) => new RejectedStatement(statement.Kind switch
    {
        PgStatementKind.Insert => ReadOnly("INSERT").Error,
        PgStatementKind.Update => ReadOnly("UPDATE").Error,
        PgStatementKind.Delete => ReadOnly("DELETE").Error,
        PgStatementKind.Merge => ReadOnly("MERGE").Error,
        PgStatementKind.CopyFrom => ReadOnly("COPY FROM").Error,
        PgStatementKind.CreateTableAs => ReadOnly("CREATE TABLE AS").Error,
        PgStatementKind.Notify => DuringRecovery("NOTIFY"),
        PgStatementKind.Listen => DuringRecovery("LISTEN"),
        PgStatementKind.PrepareTransaction or PgStatementKind.CommitPrepared or PgStatementKind.RollbackPrepared =>
            PgError.Error(SqlState.FeatureNotSupported, "two-phase commit is not available on a standby"),
        PgStatementKind.ExplainAnalyze => PgError.Error(SqlState.FeatureNotSupported,
            "EXPLAIN ANALYZE is not supported by the analytic node; use EXPLAIN"),
        PgStatementKind.Utility when statement.Node.NodeCase == Pg.Node.NodeOneofCase.VacuumStmt =>
            DuringRecovery(statement.Node.VacuumStmt.IsVacuumcmd ? "VACUUM" : "ANALYZE"),
        PgStatementKind.Utility => ReadOnly(CommandNames.Of(statement.Node)).Error,
        PgStatementKind.Lock => ReadOnly("LOCK TABLE").Error,
        _ => PgError.Error(SqlState.FeatureNotSupported,
            $"{CommandNames.Of(statement.Node)} is not supported by the analytic node"),
    });

    private static PgErrorException ReadOnly(string command) =>
        new(SqlState.ReadOnlySqlTransaction, $"cannot execute {command} in a read-only transaction");

    private static PgError DuringRecovery(string command) =>
        PgError.Error(SqlState.ReadOnlySqlTransaction, $"cannot execute {command} during recovery");

    private static string LockName(Pg.LockClauseStrength strength) => strength switch
    {
        Pg.LockClauseStrength.LcsForkeyshare => "FOR KEY SHARE",
        Pg.LockClauseStrength.LcsForshare => "FOR SHARE",
        Pg.LockClauseStrength.LcsFornokeyupdate => "FOR NO KEY UPDATE",
        _ => "FOR UPDATE",
    };
}
