namespace HtapRouter.Router.Routing;

/// <summary>What a query string is, as far as routing cares.</summary>
public enum QueryKind
{
    /// <summary>No statement at all: only whitespace, comments or semicolons. Any backend answers it the same.</summary>
    Empty,

    /// <summary>
    /// A statement that only reads: SELECT, VALUES, TABLE or WITH passing every read rule, SHOW, or EXPLAIN without
    /// ANALYZE. <see cref="QueryClass.Target"/> says whether it may be load balanced.
    /// </summary>
    Read,

    /// <summary>
    /// Anything that changes, or may change, data, schema or server state, or that only the primary can run: DML,
    /// DDL, a SELECT with INTO, a row lock, a data-modifying WITH or a write function, COPY, CALL, DO, LOCK,
    /// cursors, NOTIFY, EXPLAIN ANALYZE, EXECUTE. It goes to the primary and counts as a write for
    /// disable_load_balance_on_write.
    /// </summary>
    Write,

    /// <summary>BEGIN, COMMIT, ROLLBACK, SAVEPOINT and the like: see <see cref="QueryClass.Transaction"/>.</summary>
    Transaction,

    /// <summary>
    /// SET, RESET, DISCARD, PREPARE, DEALLOCATE, LISTEN and UNLISTEN: session state the backends a session uses must
    /// agree on. See <see cref="QueryClass.Session"/>.
    /// </summary>
    SessionState,

    /// <summary>The router's own commands (SHOW POOL_*, PGPOOL ATTACH/DETACH NODE): see <see cref="QueryClass.Admin"/>.</summary>
    Admin,

    /// <summary>
    /// Several statements in one string. The whole goes to the primary, as with pgpool;
    /// <see cref="QueryClass.Statements"/> classifies each.
    /// </summary>
    MultiStatement,

    /// <summary>Not valid PostgreSQL 15 SQL: it goes to the primary, which reports the error.</summary>
    Unparsed,
}
