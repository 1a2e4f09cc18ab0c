using HtapRouter.Router.Backends;
using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Sessions;

/// <summary>What a session does with a statement.</summary>
public enum RouteKind
{
    /// <summary>A read that may be load-balanced to a standby.</summary>
    Read,

    /// <summary>A write, or anything that must run on the primary.</summary>
    Primary,

    /// <summary>BEGIN or START TRANSACTION.</summary>
    Begin,

    /// <summary>COMMIT, END, COMMIT AND CHAIN.</summary>
    Commit,

    /// <summary>ROLLBACK, ABORT.</summary>
    Rollback,

    /// <summary>SAVEPOINT, RELEASE, ROLLBACK TO: kept in step on every backend in the transaction.</summary>
    Savepoint,

    /// <summary>SET, RESET, SET SESSION ...: run on every backend the session uses, and on those it uses later.</summary>
    SessionState,

    /// <summary>SET LOCAL and SET TRANSACTION: run on every backend in the transaction.</summary>
    TransactionState,

    /// <summary>DISCARD: run on every backend the session uses.</summary>
    Discard,

    /// <summary>A router command (SHOW POOL_NODES, PGPOOL ATTACH NODE ...), answered by the router itself.</summary>
    Admin,

    /// <summary>An empty query string.</summary>
    Empty,
}

/// <summary>The routing facts about one statement (a Query message's text or a Parse message's).</summary>
/// <param name="Kind">What to do with the statement.</param>
/// <param name="Tally">The SHOW POOL_BACKEND_STATS column it counts in.</param>
/// <param name="ReadRelations">For reads: the relations read, "schema.name" or "name" as written, lower-cased unless quoted.</param>
/// <param name="WrittenRelations">For writes: the tables written (disable_load_balance_on_write = dml_adaptive).</param>
/// <param name="Admin">For router commands: which.</param>
/// <param name="AdminNode">For ATTACH/DETACH NODE: the node id.</param>
public sealed record QueryRoute(
    RouteKind Kind,
    StatementTally Tally,
    IReadOnlyList<RelationName> ReadRelations,
    IReadOnlyList<RelationName> WrittenRelations,
    AdminCommandKind? Admin = null,
    int AdminNode = -1)
{
    public static readonly QueryRoute Empty = new(RouteKind.Empty, StatementTally.Other, [], []);

    public static readonly QueryRoute PrimaryOther = new(RouteKind.Primary, StatementTally.Other, [], []);

    public bool IsRead => Kind == RouteKind.Read;

    /// <summary>The classifier's full answer, for what the session tracks after the statement ran (temporary tables).</summary>
    public QueryClass? Class { get; init; }

    /// <summary>Counts as a write for disable_load_balance_on_write and read-your-writes.</summary>
    public bool CountsAsWrite { get; init; }

    /// <summary>
    /// Goes to the primary, but only reads (several read statements in one string): when the primary is down, a
    /// standby may run it rather than the client getting an error.
    /// </summary>
    public bool StandbyMayRun { get; init; }

    public bool EndsTransaction => Kind is RouteKind.Commit or RouteKind.Rollback;
}

/// <summary>Decides the <see cref="QueryRoute"/> of a statement's text.</summary>
public interface IQueryClassifier
{
    /// <param name="sql">The text of a Query or Parse message.</param>
    /// <param name="temporaryTables">The session's temporary tables, which only the primary has.</param>
    QueryRoute Classify(string sql, TemporaryTableSet? temporaryTables = null);
}
