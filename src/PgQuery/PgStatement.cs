using HtapRouter.PgQuery.Tree;
using PgQuery;

namespace HtapRouter.PgQuery;

/// <summary>
/// One top-level statement of a parsed SQL string. <see cref="Node"/> is the live tree node (the same object as the
/// parse result's <c>RawStmt.Stmt</c>), so changes to it show in a later deparse; <see cref="Text"/> and
/// <see cref="CharStart"/> describe the source as parsed and do not follow such changes.
/// </summary>
/// <param name="Node">The statement's parse tree, e.g. a <c>Node</c> whose <c>SelectStmt</c> is set.</param>
/// <param name="Text">
/// The statement's source text without the separating semicolon and without surrounding whitespace; comments before
/// the statement stay (as in pg_stat_statements).
/// </param>
/// <param name="CharStart">The 0-based index of <see cref="Text"/> in the parsed string, in UTF-16 chars.</param>
public sealed record PgStatement(Node Node, string Text, int CharStart)
{
    /// <summary>What kind of statement this is, classified from <see cref="Node"/>.</summary>
    public PgStatementKind Kind => PgStatementClassifier.Classify(Node);
}
