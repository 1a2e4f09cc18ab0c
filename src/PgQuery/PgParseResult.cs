using PgQuery;

namespace HtapRouter.PgQuery;

/// <summary>
/// A parsed SQL string: libpg_query's protobuf tree, the text it came from and its top-level statements.
/// The tree is mutable; <see cref="PgParser.Deparse(PgParseResult)"/> turns its current state back into SQL.
/// Not safe to mutate from several threads at once; reading concurrently is fine.
/// </summary>
public sealed class PgParseResult
{
    internal PgParseResult(string sql, ParseResult tree, IReadOnlyList<PgStatement> statements)
    {
        Sql = sql;
        Tree = tree;
        Statements = statements;
    }

    /// <summary>The SQL text that was parsed.</summary>
    public string Sql { get; }

    /// <summary>The protobuf parse tree (<c>PgQuery.ParseResult</c>): its <c>Stmts</c> are <c>RawStmt</c>s.</summary>
    public ParseResult Tree { get; }

    /// <summary>The top-level statements in source order; empty for a string of only comments and semicolons.</summary>
    public IReadOnlyList<PgStatement> Statements { get; }
}
