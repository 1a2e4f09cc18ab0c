using HtapRouter.AnalyticNode.Sessions;
using HtapRouter.PgQuery;
using HtapRouter.PgQuery.Tree;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// Rewrites a read for DuckDB on its parse tree: PostgreSQL functions and SQL value functions that DuckDB
/// lacks, or answers differently, are replaced by what this standby knows (its settings, its replication
/// position), and the tree is deparsed. A statement with nothing to rewrite keeps its original text.
/// </summary>
internal sealed class QueryRewriter
{
    private readonly StandbyFunctions _functions;

    public QueryRewriter(StandbyFunctions functions) => _functions = functions;

    public string Rewrite(PgStatement statement, SessionSettings settings)
    {
        var changed = false;
        PgNodeWalker.WalkNodes(statement.Node, node =>
        {
            var replacement = node.NodeCase switch
            {
                Pg.Node.NodeOneofCase.FuncCall => _functions.Replace(node.FuncCall, settings),
                Pg.Node.NodeOneofCase.SqlvalueFunction => StandbyFunctions.Replace(node.SqlvalueFunction, settings),
                _ => null,
            };
            if (replacement is null)
            {
                return true;
            }

            PgNodes.Set(node, PgNodes.Unwrap(replacement)!);
            changed = true;
            return false;
        });
        return changed ? PgParser.Deparse(statement.Node) : statement.Text;
    }
}
