using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.AnalyticNode.Sessions;
using HtapRouter.PgQuery;
using HtapRouter.PgQuery.Tree;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// Rewrites a read for DuckDB on its parse tree: PostgreSQL functions and SQL value functions that DuckDB
/// lacks, or answers differently, are replaced by what this standby knows (its settings, its replication
/// position); catalog relations, catalog functions, operators, collations and casts go to the installed
/// PostgreSQL catalog (<see cref="CatalogRewriter"/>). Unaliased result columns get PostgreSQL's names, and names
/// DuckDB reserves are quoted (<see cref="DuckDbIdentifiers"/>). A statement with nothing to rewrite keeps its original text.
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
        var declared = statement.Node.SelectStmt is not null ? types.CharColumns(statement.Node) : [];
        var records = types.RecordColumns(statement.Node.SelectStmt);
        var charColumns = NumericLiterals.Rewrite(statement.Node.SelectStmt, NumericAverages.Rewrite(statement.Node.SelectStmt, types, declared));
        var changed = TypeNullColumns(statement.Node.SelectStmt) | CharChoices.Pad(statement.Node.SelectStmt, types)
            | DuckDbIdentifiers.Mentions(statement.Text) | !ReferenceEquals(charColumns, declared);
        var cteNames = CatalogRewriter.CteNames(statement.Node);
        PgNodeWalker.WalkNodes(statement.Node, node =>
        {
            if (node.ResTarget is { Val: { } value } target)
            {
                if (target.Name.Length == 0 && ColumnName(value) is { } name)
                {
                    // PostgreSQL names an unaliased column after its function, cast type or ?column?, where DuckDB names it
                    // after the expression's text; a replacement must not rename it either.
                    target.Name = name;
                    changed = true;
                }

                if (JsonRewrites.SetInSelectList(value) is { } unnested)
                {
                    target.Val = unnested;
                    changed = true;
                }

                if (FunctionResultTypes.SeriesInSelectList(value, types) is { } rows)
                {
                    target.Val = rows;
                    changed = true;
                }
            }

            if (node.RangeFunction is { } jsonRange && JsonRewrites.SetInFrom(jsonRange) is { } jsonRows)
            {
                PgNodes.Set(node, PgNodes.Unwrap(jsonRows)!);
                changed = true;
                return true;
            }

            if (node.RangeFunction is { } range && FunctionResultTypes.SeriesInFrom(range, types) is { } series)
            {
                // The subquery holds the original arguments, which may need rewriting in turn.
                PgNodes.Set(node, PgNodes.Unwrap(series)!);
                changed = true;
                return true;
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
        changed |= ValuesColumns.Name(statement.Node);
        return new QueryStatement(changed ? DuckDbIdentifiers.Quote(PgParser.Deparse(statement.Node)) : statement.Text, tag)
        {
            CharColumns = WithRecords(charColumns, records),
        };
    }

    /// <summary>The result columns' marks, a record column's mark taking the place of any other (a ROW is no number).</summary>
    private static IReadOnlyList<CharColumn?> WithRecords(IReadOnlyList<CharColumn?> columns, IReadOnlyList<CharColumn?> records)
    {
        if (records.Count == 0)
        {
            return columns;
        }

        var merged = new CharColumn?[Math.Max(columns.Count, records.Count)];
        for (var i = 0; i < merged.Length; i++)
        {
            merged[i] = i < records.Count && records[i] is { } record ? record : i < columns.Count ? columns[i] : null;
        }

        return merged;
    }

    /// <summary>
    /// <c>SELECT NULL</c> and <c>VALUES (1, NULL)</c>: PostgreSQL resolves an unknown-type output column as text; DuckDB's
    /// NULL literal is an integer. Only the outermost list: below it (UNION, subqueries) the NULL takes its type from
    /// where it is used.
    /// </summary>
    private static bool TypeNullColumns(Pg.SelectStmt? select)
    {
        var changed = false;
        if (select is not { Op: Pg.SetOperation.SetopNone })
        {
            return false;
        }

        if (select.ValuesLists is [{ List.Items: var first }, ..] rows)
        {
            for (var column = 0; column < first.Count; column++)
            {
                if (rows.All(r => r.List?.Items is { } items && items.Count == first.Count && items[column].AConst is { Isnull: true }))
                {
                    first[column] = PgNodes.TypeCast(PgNodes.NullConstant(), PgNodes.TypeName("text"));
                    changed = true;
                }
            }
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

    /// <summary>
    /// The column name PostgreSQL gives an unaliased expression (FigureColname); null for a plain column reference,
    /// which DuckDB names alike. DuckDB would name the rest after their text.
    /// </summary>
    internal static string? ColumnName(Pg.Node value) =>
        value.NodeCase == Pg.Node.NodeOneofCase.ColumnRef ? null : Figure(value, 0).Name ?? "?column?";

    /// <summary>A name and how strongly it holds: 2 for a column or function name, 1 for a type or keyword name (a cast over it wins).</summary>
    private static (string? Name, int Strength) Figure(Pg.Node? value, int depth)
    {
        if (value is null || depth > MaxFigureDepth)
        {
            return (null, 0);
        }

        switch (value.NodeCase)
        {
            case Pg.Node.NodeOneofCase.ColumnRef:
                return value.ColumnRef.Fields[^1].String?.Sval is { } column ? (column, 2) : (null, 0);
            case Pg.Node.NodeOneofCase.AIndirection:
                return value.AIndirection.Indirection[^1].String?.Sval is { } field ? (field, 2) : Figure(value.AIndirection.Arg, depth + 1);
            case Pg.Node.NodeOneofCase.FuncCall:
                return (value.FuncCall.Funcname[^1].String.Sval, 2);
            case Pg.Node.NodeOneofCase.AExpr when value.AExpr.Kind == Pg.A_Expr_Kind.AexprNullif:
                return ("nullif", 2);
            case Pg.Node.NodeOneofCase.TypeCast:
                var inner = Figure(value.TypeCast.Arg, depth + 1);
                return inner.Strength > 1 ? inner : (value.TypeCast.TypeName.Names[^1].String?.Sval, 1);
            case Pg.Node.NodeOneofCase.CollateClause:
                return Figure(value.CollateClause.Arg, depth + 1);
            case Pg.Node.NodeOneofCase.GroupingFunc:
                return ("grouping", 2);
            case Pg.Node.NodeOneofCase.SubLink:
                return value.SubLink.SubLinkType switch
                {
                    Pg.SubLinkType.ExistsSublink => ("exists", 2),
                    Pg.SubLinkType.ArraySublink => ("array", 2),
                    Pg.SubLinkType.ExprSublink or Pg.SubLinkType.MultiexprSublink
                        when value.SubLink.Subselect?.SelectStmt is { TargetList: [{ ResTarget: { } first }, ..] } =>
                        first.Name is { Length: > 0 } name ? (name, 2) : Figure(first.Val, depth + 1),
                    _ => (null, 0),
                };
            case Pg.Node.NodeOneofCase.CaseExpr:
                var otherwise = Figure(value.CaseExpr.Defresult, depth + 1);
                return otherwise.Strength > 1 ? otherwise : ("case", 1);
            case Pg.Node.NodeOneofCase.AArrayExpr:
                return ("array", 2);
            case Pg.Node.NodeOneofCase.RowExpr:
                return ("row", 2);
            case Pg.Node.NodeOneofCase.CoalesceExpr:
                return ("coalesce", 2);
            case Pg.Node.NodeOneofCase.MinMaxExpr:
                return (value.MinMaxExpr.Op == Pg.MinMaxOp.IsGreatest ? "greatest" : "least", 2);
            case Pg.Node.NodeOneofCase.SqlvalueFunction:
                return (SqlValueFunctionName(value.SqlvalueFunction.Op), 2);
            default:
                return (null, 0);
        }
    }

    private const int MaxFigureDepth = 32;

    private static string? SqlValueFunctionName(Pg.SQLValueFunctionOp op) => op switch
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
    };
}
