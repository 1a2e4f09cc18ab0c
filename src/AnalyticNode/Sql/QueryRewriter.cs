using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.AnalyticNode.Sessions;
using HtapRouter.PgQuery;
using HtapRouter.PgQuery.Tree;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// Rewrites a read for DuckDB on its parse tree: PostgreSQL functions and SQL value functions that DuckDB
/// lacks, or answers differently, are replaced by what this standby knows (its settings, its replication
/// position); catalog relations, catalog functions, operators, collations and casts go to the installed
/// PostgreSQL catalog (<see cref="CatalogRewriter"/>). A statement with nothing to rewrite keeps its original text.
/// </summary>
internal sealed class QueryRewriter
{
    /// <summary>A node is rewritten again while it changes (a replacement may need rewriting); each step makes progress, this bounds it.</summary>
    private const int MaxRewritesPerNode = 4;

    private readonly StandbyFunctions _functions;
    private readonly CatalogRewriter _catalog;

    public QueryRewriter(StandbyFunctions functions, CatalogRewriter catalog)
    {
        _functions = functions;
        _catalog = catalog;
    }

    public string Rewrite(PgStatement statement, SessionSettings settings)
    {
        var changed = false;
        var cteNames = CatalogRewriter.CteNames(statement.Node);
        PgNodeWalker.WalkNodes(statement.Node, node =>
        {
            var replacement = node.NodeCase switch
            {
                Pg.Node.NodeOneofCase.FuncCall => _functions.Replace(node.FuncCall, settings),
                Pg.Node.NodeOneofCase.SqlvalueFunction => StandbyFunctions.Replace(node.SqlvalueFunction, settings),
                _ => null,
            };
            if (replacement is not null)
            {
                PgNodes.Set(node, PgNodes.Unwrap(replacement)!);
                changed = true;
                return false;
            }

            for (var i = 0; i < MaxRewritesPerNode && _catalog.Rewrite(node, cteNames); i++)
            {
                changed = true;
            }

            return true;
        });
        return changed ? PgParser.Deparse(statement.Node) : statement.Text;
    }
}
