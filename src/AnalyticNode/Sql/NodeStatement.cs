using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.PgWire.Protocol;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// One client statement as the session runs it, decided from its parse tree: a query for DuckDB, or
/// something the session answers itself (transactions, settings), or a refusal.
/// </summary>
internal abstract record NodeStatement;

/// <summary>A read to run on DuckDB; <paramref name="Sql"/> is already rewritten for DuckDB.</summary>
/// <param name="Sql">The DuckDB SQL.</param>
/// <param name="Tag">The command tag's verb: SELECT, or what an EXPLAIN or TABLE reports.</param>
internal sealed record QueryStatement(string Sql, string Tag = "SELECT") : NodeStatement
{
    /// <summary>The result columns that are character(n), by position, for the engine to describe as bpchar and pad.</summary>
    public IReadOnlyList<CharColumn?> CharColumns { get; init; } = [];
}

/// <summary>The empty query string, or one of only comments: EmptyQueryResponse.</summary>
internal sealed record EmptyStatement : NodeStatement
{
    public static readonly EmptyStatement Instance = new();
}

/// <summary>A statement refused with an error (writes on the standby: 25006).</summary>
internal sealed record RejectedStatement(PgError Error) : NodeStatement;

/// <summary>Accepted and without effect on a standby: DISCARD, DEALLOCATE, LISTEN, ...; answers its tag.</summary>
internal sealed record NoOpStatement(string Tag) : NodeStatement;

internal enum TransactionAction
{
    Begin,
    Commit,
    Rollback,
    Savepoint,
    Release,
    RollbackToSavepoint,
    SetTransaction,
}

/// <summary>BEGIN/START TRANSACTION, COMMIT/END, ROLLBACK/ABORT, SAVEPOINT, RELEASE, ROLLBACK TO, SET TRANSACTION.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Savepoint">The savepoint name for savepoint actions.</param>
/// <param name="Isolation">An isolation level asked for ("repeatable read", ...), if any.</param>
/// <param name="ReadWrite">True when READ WRITE was asked for, which a standby refuses.</param>
/// <param name="Chain">AND CHAIN on COMMIT/ROLLBACK.</param>
internal sealed record TransactionStatement(
    TransactionAction Action,
    string? Savepoint = null,
    string? Isolation = null,
    bool ReadWrite = false,
    bool Chain = false) : NodeStatement;

/// <summary>SET [LOCAL] name TO value; a null value is SET ... TO DEFAULT.</summary>
internal sealed record SetStatement(string Name, string? Value, bool IsLocal) : NodeStatement;

/// <summary>RESET name, or RESET ALL when <paramref name="Name"/> is null.</summary>
internal sealed record ResetStatement(string? Name) : NodeStatement;

/// <summary>SHOW name, or SHOW ALL when <paramref name="Name"/> is "all".</summary>
internal sealed record ShowStatement(string Name) : NodeStatement;

/// <summary>DISCARD ALL (reset settings, drop prepared statements and portals) or one of its parts.</summary>
internal sealed record DiscardStatement(bool All, string Tag) : NodeStatement;

/// <summary>DEALLOCATE name, or DEALLOCATE ALL when <paramref name="Name"/> is null.</summary>
internal sealed record DeallocateStatement(string? Name) : NodeStatement;
