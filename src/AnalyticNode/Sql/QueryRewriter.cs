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
    private readonly RelationColumns _columns;

    public QueryRewriter(StandbyFunctions functions, CatalogRewriter catalog, RelationColumns columns)
    {
        _functions = functions;
        _catalog = catalog;
        _columns = columns;
    }

    /// <summary>The DuckDB SQL for a read.</summary>
    public string Rewrite(PgStatement statement, SessionSettings settings) => Plan(statement, settings, "SELECT").Sql;

    /// <summary>The DuckDB SQL for a read, with the character(n) columns of its result, which the engine pads.</summary>
    public QueryStatement Plan(PgStatement statement, SessionSettings settings, string tag)
    {
        var types = new StatementTypes(statement.Node, _columns);
        var charColumns = statement.Node.SelectStmt is not null ? types.CharColumns(statement.Node) : [];
        var changed = TypeNullColumns(statement.Node.SelectStmt);
        var cteNames = CatalogRewriter.CteNames(statement.Node);
        PgNodeWalker.WalkNodes(statement.Node, node =>
        {
            if (node.ResTarget is { Name.Length: 0, Val: { } value } target && ColumnName(value) is { } name)
            {
                // PostgreSQL names an unaliased column after its function, cast type or ?column?, where DuckDB names it
                // after the expression's text; a replacement must not rename it either.
                target.Name = name;
                changed = true;
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

            if (ExpressionRewrites.Replace(node, types) is { } expression)
            {
                // The replacement holds the original arguments, which may need rewriting in turn.
                PgNodes.Set(node, PgNodes.Unwrap(expression)!);
                changed = true;
                return true;
            }

            for (var i = 0; i < MaxRewritesPerNode && _catalog.Rewrite(node, cteNames); i++)
            {
                changed = true;
            }

            return true;
        });
        return new QueryStatement(changed ? PgParser.Deparse(statement.Node) : statement.Text, tag) { CharColumns = charColumns };
    }

    /// <summary>
    /// <c>SELECT NULL</c>: PostgreSQL resolves an unknown-type output column as text; DuckDB's NULL literal is an integer.
    /// Only the outermost list: below it (UNION, subqueries) the NULL takes its type from where it is used.
    /// </summary>
    private static bool TypeNullColumns(Pg.SelectStmt? select)
    {
        var changed = false;
        if (select is not { Op: Pg.SetOperation.SetopNone })
        {
            return false;
        }

        foreach (var item in select.TargetList)
        {
            if (item.ResTarget is { Val.AConst.Isnull: true } target)
            {
                target.Name = target.Name is { Length: > 0 } name ? name : "?column?";
                target.Val = PgNodes.TypeCast(PgNodes.NullConstant(), PgNodes.TypeName("text"));
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>The column name PostgreSQL gives an unaliased function call or SQL value function (FigureColname).</summary>
    private static string? ColumnName(Pg.Node value) => value.NodeCase switch
    {
        Pg.Node.NodeOneofCase.AExpr when ExpressionRewrites.IsDivision(value.AExpr) => "?column?",
        Pg.Node.NodeOneofCase.TypeCast => value.TypeCast.Arg?.ColumnRef?.Fields[^1].String?.Sval
            ?? (value.TypeCast.Arg is { } argument ? ColumnName(argument) : null)
            ?? value.TypeCast.TypeName.Names[^1].String?.Sval,
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
