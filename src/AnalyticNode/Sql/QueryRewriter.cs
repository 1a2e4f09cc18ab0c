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
            if (node.ResTarget is { Name.Length: 0, Val: { } value } target && ColumnName(value) is { } name)
            {
                // PostgreSQL names an unaliased function column after the function; a replacement must not rename it.
                target.Name = name;
            }

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

    /// <summary>The column name PostgreSQL gives an unaliased function call or SQL value function (FigureColname).</summary>
    private static string? ColumnName(Pg.Node value) => value.NodeCase switch
    {
        Pg.Node.NodeOneofCase.FuncCall => value.FuncCall.Funcname[^1].String.Sval,
        Pg.Node.NodeOneofCase.SqlvalueFunction => value.SqlvalueFunction.Op switch
        {
            Pg.SQLValueFunctionOp.SvfopCurrentDate => "current_date",
            Pg.SQLValueFunctionOp.SvfopCurrentTime or Pg.SQLValueFunctionOp.SvfopCurrentTimeN => "current_time",
            Pg.SQLValueFunctionOp.SvfopCurrentTimestamp or Pg.SQLValueFunctionOp.SvfopCurrentTimestampN => "current_timestamp",
            Pg.SQLValueFunctionOp.SvfopLocaltime or Pg.SQLValueFunctionOp.SvfopLocaltimeN => "localtime",
            Pg.SQLValueFunctionOp.SvfopLocaltimestamp or Pg.SQLValueFunctionOp.SvfopLocaltimestampN => "localtimestamp",
            Pg.SQLValueFunctionOp.SvfopCurrentRole => "current_role",
            Pg.SQLValueFunctionOp.SvfopCurrentUser => "current_user",
            Pg.SQLValueFunctionOp.SvfopUser => "user",
            Pg.SQLValueFunctionOp.SvfopSessionUser => "session_user",
            Pg.SQLValueFunctionOp.SvfopCurrentCatalog => "current_catalog",
            Pg.SQLValueFunctionOp.SvfopCurrentSchema => "current_schema",
            _ => null,
        },
        _ => null,
    };
}
