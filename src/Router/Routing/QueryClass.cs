using HtapRouter.PgQuery;
using HtapRouter.PgQuery.Tree;

namespace HtapRouter.Router.Routing;

/// <summary>
/// What a query string is and where it must run, as <see cref="QueryClassifier"/> found it. Immutable, and shared:
/// the classifier hands the same instance to every session that sends the same text.
/// </summary>
public sealed record QueryClass
{
    /// <summary>What the string is.</summary>
    public required QueryKind Kind { get; init; }

    /// <summary>Where it must run.</summary>
    public required QueryTarget Target { get; init; }

    /// <summary>Why it must run on the primary; <see cref="PrimaryReason.None"/> when it need not.</summary>
    public PrimaryReason Reason { get; init; }

    /// <summary>
    /// Whether it counts as a write for disable_load_balance_on_write: <see cref="QueryKind.Write"/>, or a
    /// multi-statement string with a write in it.
    /// </summary>
    public bool IsWrite { get; init; }

    /// <summary>The parsed statement's kind, for per-kind statistics; null unless the string is one statement.</summary>
    public PgStatementKind? StatementKind { get; init; }

    /// <summary>
    /// The relations the statement reads, each once, without references to WITH queries: for a read, every one must
    /// exist on a standby for the read to run there.
    /// </summary>
    public IReadOnlyList<RelationName> ReadRelations { get; init; } = [];

    /// <summary>Whether a read relation is a system catalog (pgpool sends such reads to the primary).</summary>
    public bool ReadsSystemCatalog { get; init; }

    /// <summary>
    /// The tables a write changes, each once (DML targets, also in WITH queries; COPY FROM; the relations DDL names),
    /// for disable_load_balance_on_write = dml_adaptive.
    /// </summary>
    public IReadOnlyList<RelationName> WrittenTables { get; init; } = [];

    /// <summary>
    /// Temporary tables, views and sequences the string creates (CREATE TEMP ..., SELECT INTO TEMP, pg_temp.x):
    /// once it has run, the session tracks them with <see cref="TemporaryTableSet.Track"/>.
    /// </summary>
    public IReadOnlyList<string> CreatedTemporaryTables { get; init; } = [];

    /// <summary>Tables, views and sequences the string drops.</summary>
    public IReadOnlyList<RelationName> DroppedRelations { get; init; } = [];

    /// <summary>The details of a <see cref="QueryKind.Transaction"/>.</summary>
    public TransactionCommand? Transaction { get; init; }

    /// <summary>The details of a <see cref="QueryKind.SessionState"/>.</summary>
    public SessionCommand? Session { get; init; }

    /// <summary>The details of an <see cref="QueryKind.Admin"/>.</summary>
    public AdminCommand? Admin { get; init; }

    /// <summary>
    /// For a <see cref="QueryKind.MultiStatement"/> string, each statement's class (they all run on the primary);
    /// empty otherwise. A session should follow transaction state through ReadyForQuery here.
    /// </summary>
    public IReadOnlyList<QueryClass> Statements { get; init; } = [];

    /// <summary>The parser's error for an <see cref="QueryKind.Unparsed"/> string.</summary>
    public PgSqlSyntaxException? SyntaxError { get; init; }

    /// <summary>The class of a string without statements.</summary>
    public static QueryClass Empty { get; } = new() { Kind = QueryKind.Empty, Target = QueryTarget.LoadBalance };
}
