namespace HtapRouter.PgQuery.Tree;

/// <summary>
/// What a top-level statement is, as written; whether it reads or writes is for the caller to decide (a
/// <see cref="Select"/> may still lock rows, create a table with INTO, call functions that write, or hold
/// data-modifying CTEs).
/// </summary>
public enum PgStatementKind
{
    /// <summary>Anything not listed below: DDL, GRANT, VACUUM, CHECKPOINT …</summary>
    Utility,
    /// <summary>SELECT, VALUES, TABLE t and set operations, including SELECT ... INTO and ... FOR UPDATE.</summary>
    Select,
    Insert,
    Update,
    Delete,
    Merge,
    /// <summary>BEGIN and START TRANSACTION.</summary>
    Begin,
    /// <summary>COMMIT and END.</summary>
    Commit,
    /// <summary>ROLLBACK and ABORT.</summary>
    Rollback,
    Savepoint,
    ReleaseSavepoint,
    RollbackToSavepoint,
    PrepareTransaction,
    CommitPrepared,
    RollbackPrepared,
    /// <summary>SET, SET LOCAL, RESET, SET TRANSACTION and SET SESSION CHARACTERISTICS (a <c>VariableSetStmt</c>).</summary>
    Set,
    Show,
    /// <summary>EXPLAIN without ANALYZE: plans the statement, does not run it.</summary>
    Explain,
    /// <summary>EXPLAIN ANALYZE: runs the statement.</summary>
    ExplainAnalyze,
    /// <summary>COPY ... FROM (into a table).</summary>
    CopyFrom,
    /// <summary>COPY ... TO (out of a table or query).</summary>
    CopyTo,
    /// <summary>CREATE TABLE AS and CREATE MATERIALIZED VIEW (SELECT ... INTO is a <see cref="Select"/> with an IntoClause).</summary>
    CreateTableAs,
    Prepare,
    Execute,
    Deallocate,
    DeclareCursor,
    /// <summary>FETCH and MOVE.</summary>
    Fetch,
    /// <summary>CLOSE of a cursor.</summary>
    CloseCursor,
    Lock,
    Call,
    Do,
    Listen,
    Unlisten,
    Notify,
    Discard,
}
