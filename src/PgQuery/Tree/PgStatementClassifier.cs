using PgQuery;
using Case = PgQuery.Node.NodeOneofCase;

namespace HtapRouter.PgQuery.Tree;

/// <summary>Classifies top-level statements by their parse tree.</summary>
public static class PgStatementClassifier
{
    /// <summary>The kind of a top-level statement node (<c>RawStmt.Stmt</c>, <see cref="PgStatement.Node"/>).</summary>
    public static PgStatementKind Classify(Node statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return statement.NodeCase switch
        {
            Case.SelectStmt => PgStatementKind.Select,
            Case.InsertStmt => PgStatementKind.Insert,
            Case.UpdateStmt => PgStatementKind.Update,
            Case.DeleteStmt => PgStatementKind.Delete,
            Case.MergeStmt => PgStatementKind.Merge,
            Case.TransactionStmt => Classify(statement.TransactionStmt.Kind),
            Case.VariableSetStmt => PgStatementKind.Set,
            Case.VariableShowStmt => PgStatementKind.Show,
            Case.ExplainStmt => IsAnalyze(statement.ExplainStmt) ? PgStatementKind.ExplainAnalyze : PgStatementKind.Explain,
            Case.CopyStmt => statement.CopyStmt.IsFrom ? PgStatementKind.CopyFrom : PgStatementKind.CopyTo,
            Case.CreateTableAsStmt => PgStatementKind.CreateTableAs,
            Case.PrepareStmt => PgStatementKind.Prepare,
            Case.ExecuteStmt => PgStatementKind.Execute,
            Case.DeallocateStmt => PgStatementKind.Deallocate,
            Case.DeclareCursorStmt => PgStatementKind.DeclareCursor,
            Case.FetchStmt => PgStatementKind.Fetch,
            Case.ClosePortalStmt => PgStatementKind.CloseCursor,
            Case.LockStmt => PgStatementKind.Lock,
            Case.CallStmt => PgStatementKind.Call,
            Case.DoStmt => PgStatementKind.Do,
            Case.ListenStmt => PgStatementKind.Listen,
            Case.UnlistenStmt => PgStatementKind.Unlisten,
            Case.NotifyStmt => PgStatementKind.Notify,
            Case.DiscardStmt => PgStatementKind.Discard,
            _ => PgStatementKind.Utility,
        };
    }

    /// <summary>
    /// Whether EXPLAIN runs its statement: an ANALYZE option that is absent-valued or true, read the way
    /// PostgreSQL's defGetBoolean reads it (true/false/on/off in any case, or 1/0).
    /// </summary>
    public static bool IsAnalyze(ExplainStmt explain)
    {
        ArgumentNullException.ThrowIfNull(explain);
        var analyze = false;
        foreach (var option in explain.Options)
        {
            if (option.DefElem is { Defname: "analyze" } element)
            {
                // A later ANALYZE option wins, as in PostgreSQL's option loop.
                analyze = element.Arg switch
                {
                    null => true,
                    { NodeCase: Case.Integer } arg => arg.Integer.Ival != 0,
                    { NodeCase: Case.String } arg => IsTrueWord(arg.String.Sval),
                    { NodeCase: Case.Boolean } arg => arg.Boolean.Boolval,
                    _ => false,
                };
            }
        }
        return analyze;
    }

    private static bool IsTrueWord(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("on", StringComparison.OrdinalIgnoreCase);

    private static PgStatementKind Classify(TransactionStmtKind kind) => kind switch
    {
        TransactionStmtKind.TransStmtBegin or TransactionStmtKind.TransStmtStart => PgStatementKind.Begin,
        TransactionStmtKind.TransStmtCommit => PgStatementKind.Commit,
        TransactionStmtKind.TransStmtRollback => PgStatementKind.Rollback,
        TransactionStmtKind.TransStmtSavepoint => PgStatementKind.Savepoint,
        TransactionStmtKind.TransStmtRelease => PgStatementKind.ReleaseSavepoint,
        TransactionStmtKind.TransStmtRollbackTo => PgStatementKind.RollbackToSavepoint,
        TransactionStmtKind.TransStmtPrepare => PgStatementKind.PrepareTransaction,
        TransactionStmtKind.TransStmtCommitPrepared => PgStatementKind.CommitPrepared,
        TransactionStmtKind.TransStmtRollbackPrepared => PgStatementKind.RollbackPrepared,
        _ => PgStatementKind.Utility,
    };
}
