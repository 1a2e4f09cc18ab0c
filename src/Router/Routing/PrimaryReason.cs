namespace HtapRouter.Router.Routing;

/// <summary>Why a query string must go to the primary, for logs and statistics.</summary>
public enum PrimaryReason
{
    /// <summary>It need not: it is load balanced, runs everywhere, or is the router's own.</summary>
    None,

    /// <summary>The statement is not a read (see <see cref="QueryKind.Write"/>).</summary>
    NotARead,

    /// <summary>SELECT ... INTO creates a table.</summary>
    SelectInto,

    /// <summary>FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE or FOR KEY SHARE, anywhere in the statement.</summary>
    LockingClause,

    /// <summary>A WITH query that is an INSERT, UPDATE, DELETE or MERGE.</summary>
    DataModifyingCte,

    /// <summary>
    /// A call to a function that writes: nextval, setval, currval, lastval, advisory locks, a write_function_list
    /// match, or a volatile function not in read_only_function_list.
    /// </summary>
    WriteFunction,

    /// <summary>A temporary table: only the session's connection to the primary has it.</summary>
    TemporaryTable,

    /// <summary>An unlogged table: it is not replicated.</summary>
    UnloggedTable,

    /// <summary>pgpool's <c>/*NO LOAD BALANCE*/</c> comment leads the statement.</summary>
    NoLoadBalanceComment,

    /// <summary>A comment leads the statement and allow_sql_comments is off (pgpool's rule: comments prevent load balancing).</summary>
    LeadingComment,

    /// <summary>The text matches primary_routing_query_pattern_list.</summary>
    PrimaryRoutingPattern,

    /// <summary>EXPLAIN ANALYZE runs its statement (issue #5 keeps it on the primary; pgpool balances it for reads).</summary>
    ExplainAnalyze,

    /// <summary>
    /// A transaction or session command a standby refuses: BEGIN/SET ... READ WRITE, two-phase commit, LISTEN,
    /// SQL-level PREPARE (the analytic node has none) and what depends on it.
    /// </summary>
    PrimaryOnlyCommand,

    /// <summary>Several statements in one string.</summary>
    MultiStatement,

    /// <summary>The text does not parse.</summary>
    SyntaxError,
}
