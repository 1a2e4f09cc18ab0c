using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// <c>SELECT avg(x)</c> of integers or numeric, and <c>SELECT a / b</c> of numeric: PostgreSQL answers a numeric with at
/// least 16 significant digits (2.5000000000000000), DuckDB a double (2.5). A result column of the outermost SELECT that
/// is such an avg or quotient is computed as PostgreSQL's numeric text from DuckDB's exact decimals (for avg, its sum and
/// count, once per group) and described as numeric; so is a result column computed from such a quotient by numeric
/// arithmetic, round, sum, min or max, and a choice among such values and numbers (<see cref="ChoiceText"/>), on the
/// text (<see cref="ExactText"/>). ORDER BY that names such a column sorts by the value itself. A comparison anywhere with such a value compares the texts exactly
/// (<see cref="NumericAggregates.Compare"/>), as PostgreSQL compares the quotient's digits. Anywhere else (a subquery
/// column, an argument of other functions) the value must stay a number: there it is PostgreSQL's exact quotient as
/// DECIMAL(38,16) (<see cref="ReplaceNested"/>). Its printed scale is then 16 where PostgreSQL's depends on the value,
/// and a quotient of more than 22 integer digits is out of range: DuckDB has no number type whose scale varies by value.
/// </summary>
internal static partial class NumericAverages
{
    private static readonly CharColumn NumericText = new(PgTypeOid.Numeric, -1, 0);

    /// <summary>Rewrites the averages of <paramref name="select"/>'s result; the marks to add to its columns, by position.</summary>
    public static IReadOnlyList<CharColumn?> Rewrite(Pg.SelectStmt? select, StatementTypes types, IReadOnlyList<CharColumn?> charColumns)
    {
        if (select is { Op: Pg.SetOperation.SetopNone })
        {
            charColumns = PassThrough(select, types, charColumns);
        }

        if (select is not { Op: Pg.SetOperation.SetopNone } || select.TargetList.Any(t => t.ResTarget?.Val?.ColumnRef?.Fields[^1].NodeCase == Pg.Node.NodeOneofCase.AStar))
        {
            return charColumns;
        }

        // Without GROUP BY or DISTINCT a choice of numbers can be computed as text: nothing else refers to the expression.
        var choices = select.GroupClause.Count == 0 && select.DistinctClause.Count == 0;
        CharColumn?[]? marked = null;
        for (var i = 0; i < select.TargetList.Count; i++)
        {
            var target = select.TargetList[i].ResTarget;
            var original = target?.Val;
            if (original is null || ExactText(original, types, 0, choices) is not { } text)
            {
                continue;
            }

            target!.Name = target.Name is { Length: > 0 } name ? name : QueryRewriter.ColumnName(original) ?? "?column?";
            target.Val = text;

            SortByValue(select, i + 1, target.Name, original, types);
            marked ??= [.. charColumns, .. new CharColumn?[Math.Max(0, select.TargetList.Count - charColumns.Count)]];
            marked[i] = NumericText;
        }

        return marked ?? charColumns;
    }

    /// <summary>
    /// For an avg or numeric division anywhere below the outermost result columns (see the type's summary):
    /// PostgreSQL's quotient as DECIMAL(38,16); null for any other node.
    /// </summary>
    public static Pg.Node? ReplaceNested(Pg.Node node, StatementTypes types)
    {
        if (ExactComparison(node, types) is { } comparison)
        {
            return comparison;
        }

        if (types.IsExactText(node))
        {
            return AsDecimal(PgNodes.Wrap(node.ColumnRef.Clone()));
        }

        if (node.TypeCast is { TypeName: { ArrayBounds.Count: 0, Typmods.Count: 0, Names: [.., { String.Sval: "text" or "varchar" }] }, Arg: { } cast }
            && ExactText(cast, types, 0, choices: false) is { } castText)
        {
            // numeric_out's text is the cast's.
            return castText;
        }

        return QuotientText(node, types) is { } text ? AsDecimal(text) : null;
    }

    /// <summary>A quotient's exact text read as DECIMAL(38,16), where it must be a number.</summary>
    private static Pg.Node AsDecimal(Pg.Node text)
    {
        var type = PgNodes.TypeName("numeric");
        type.Typmods.Add(PgNodes.IntegerConstant(38));
        type.Typmods.Add(PgNodes.IntegerConstant(16));
        return PgNodes.TypeCast(text, type);
    }

    /// <summary>
    /// <c>a / b &gt; 0.3333</c>: a comparison of a quotient (or of what <see cref="ExactText"/> computes from one) with
    /// an integer or numeric, as <c>htap_numeric_cmp(text, text) &gt; 0</c> on the exact texts, where DuckDB would compare
    /// the quotient cut to 16 decimals. Null for any other node.
    /// </summary>
    private static Pg.Node? ExactComparison(Pg.Node node, StatementTypes types)
    {
        if (node.AExpr is not { Kind: Pg.A_Expr_Kind.AexprOp, Name: [{ String.Sval: "=" or "<>" or "!=" or "<" or ">" or "<=" or ">=" }], Lexpr: { } left, Rexpr: { } right } comparison)
        {
            return null;
        }

        var (leftText, rightText) = (ExactText(left, types, 0, choices: false), ExactText(right, types, 0, choices: false));
        if ((leftText is null && rightText is null)
            || (leftText ?? NumberText(left, types)) is not { } l || (rightText ?? NumberText(right, types)) is not { } r)
        {
            return null;
        }

        var exact = comparison.Clone();
        exact.Lexpr = Call(NumericAggregates.CompareName, l, r);
        exact.Rexpr = PgNodes.IntegerConstant(0);
        return PgNodes.Wrap(exact);
    }

    /// <summary>
    /// PostgreSQL's numeric text of a result column that is a quotient, or is computed from one by +, -, *, /, a sign,
    /// abs(), round(), coalesce(), sum(), min() or max() with integers and numerics: each step is <see cref="NumericArithmetic"/>
    /// or <see cref="NumericAggregates"/> on the text, so the column prints with the scale PostgreSQL derives from the
    /// quotient's value, and no size overflows. Null when no quotient is involved, or something in the way is of another
    /// or an unknown type (it is then computed as <see cref="ReplaceNested"/> gives the quotient).
    /// </summary>
    private static Pg.Node? ExactText(Pg.Node node, StatementTypes types, int depth, bool choices)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        switch (node.NodeCase)
        {
            case Pg.Node.NodeOneofCase.AExpr when node.AExpr is { Kind: Pg.A_Expr_Kind.AexprOp, Name: [{ String.Sval: "+" or "-" }], Lexpr: null, Rexpr: { } operand }:
                return ExactText(operand, types, depth + 1, choices) is not { } text ? null
                    : node.AExpr.Name[0].String.Sval == "+" ? text : Call(NumericArithmetic.SubtractName, PgNodes.StringConstant("0"), text);
            case Pg.Node.NodeOneofCase.AExpr when node.AExpr is { Kind: Pg.A_Expr_Kind.AexprOp, Name: [{ String.Sval: var op and ("+" or "-" or "*" or "/") }], Lexpr: { } left, Rexpr: { } right }:
                var (leftText, rightText) = (ExactText(left, types, depth + 1, choices), ExactText(right, types, depth + 1, choices));
                if (leftText is null && rightText is null)
                {
                    return QuotientText(node, types);
                }

                if ((leftText ?? NumberText(left, types)) is not { } l || (rightText ?? NumberText(right, types)) is not { } r)
                {
                    return null;
                }

                return Call(op switch
                {
                    "+" => NumericArithmetic.AddName,
                    "-" => NumericArithmetic.SubtractName,
                    "*" => NumericArithmetic.MultiplyName,
                    _ => TextDivision,
                }, l, r);
            case Pg.Node.NodeOneofCase.FuncCall when node.FuncCall is { Funcname: [{ String.Sval: "round" }] or [{ String.Sval: "pg_catalog" }, { String.Sval: "round" }], Args.Count: 1 or 2, AggStar: false, Over: null } round
                && (round.Args.Count == 1 || types.TypeOf(round.Args[1])?.Oid is PgTypeOid.Int2 or PgTypeOid.Int4):
                return ExactText(round.Args[0], types, depth + 1, choices) is { } rounded
                    ? Call(NumericArithmetic.RoundName, rounded, round.Args.Count == 2 ? round.Args[1] : PgNodes.IntegerConstant(0))
                    : null;
            case Pg.Node.NodeOneofCase.FuncCall when node.FuncCall is { Funcname: [{ String.Sval: "abs" }] or [{ String.Sval: "pg_catalog" }, { String.Sval: "abs" }], Args: [var absolute], AggStar: false, Over: null }:
                return ExactText(absolute, types, depth + 1, choices) is { } signed
                    ? PgNodes.FuncCall(["ltrim"], signed, PgNodes.StringConstant("-"))
                    : null;
            case Pg.Node.NodeOneofCase.FuncCall when ExactAggregate(node.FuncCall) is { } aggregate:
                return ExactText(node.FuncCall.Args[0], types, depth + 1, choices: false) is { } values
                    ? Call(aggregate, JoinedTexts(node.FuncCall, values))
                    : QuotientText(node, types);
            case Pg.Node.NodeOneofCase.CoalesceExpr or Pg.Node.NodeOneofCase.CaseExpr or Pg.Node.NodeOneofCase.MinMaxExpr:
                return ChoiceText(node, types, depth, choices);
            default:
                return types.IsExactText(node) ? PgNodes.Wrap(node.ColumnRef.Clone()) : QuotientText(node, types);
        }
    }

    private const int MaxDepth = 32;

    /// <summary>The <see cref="NumericAggregates"/> function for a call of sum, min or max of one value; else null.</summary>
    private static string? ExactAggregate(Pg.FuncCall call) =>
        call is { Args.Count: 1, AggStar: false, AggWithinGroup: false, AggOrder.Count: 0 }
            && (call.Funcname.Count == 1 || call.Funcname is [{ String.Sval: "pg_catalog" }, _])
            ? call.Funcname[^1].String?.Sval switch
            {
                "sum" => NumericAggregates.SumName,
                "min" => NumericAggregates.MinName,
                "max" => NumericAggregates.MaxName,
                _ => null,
            }
            : null;

    /// <summary>The same aggregate call (DISTINCT, FILTER, OVER kept) as string_agg of the values' texts.</summary>
    private static Pg.Node JoinedTexts(Pg.FuncCall call, Pg.Node texts)
    {
        var joined = Aggregate("string_agg", call).FuncCall;
        joined.Args.Clear();
        joined.Args.Add(texts);
        joined.Args.Add(PgNodes.StringConstant(NumericAggregates.Separator));
        return PgNodes.Wrap(joined);
    }

    /// <summary>An integer or numeric operand next to a quotient as its text, which for DuckDB's DECIMAL has the scale PostgreSQL's value has.</summary>
    private static Pg.Node? NumberText(Pg.Node operand, StatementTypes types) =>
        types.TypeOf(operand)?.Oid is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric
            ? PgNodes.TypeCast(operand, PgNodes.TypeName("varchar"))
            : null;

    /// <summary>A call of a function registered with the database (unqualified) or, for the division macro, of the catalog's.</summary>
    private static Pg.Node Call(string function, params Pg.Node[] arguments) => function == TextDivision
        ? PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, function], arguments)
        : PgNodes.FuncCall([function], arguments);

    private const string TextDivision = "htap_numeric_text_div";

    /// <summary>PostgreSQL's numeric text of <paramref name="node"/> when it is an avg or a numeric division; else null.</summary>
    private static Pg.Node? QuotientText(Pg.Node node, StatementTypes types)
    {
        if (node.FuncCall is { } call && IsNumericAverage(call, types))
        {
            return PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_avg_text"], Aggregate("sum", call), Aggregate("count", call));
        }

        if (node.FuncCall is { } statistic && NumericVarianceFunction(statistic, types) is { } variance)
        {
            // The group's exact sum, sum of squares and count. The squares are computed in 128 bits, where DuckDB would
            // multiply a narrow DECIMAL or an integer in 64 and overflow: a numeric times DECIMAL(38,0) 1 keeps its
            // scale at precision 38. Squares past 38 digits still overflow, with DuckDB's error.
            var value = statistic.Args[0];
            var wide = PgNodes.TypeName("numeric");
            wide.Typmods.Add(PgNodes.IntegerConstant(38));
            wide.Typmods.Add(PgNodes.IntegerConstant(0));
            var operand = types.TypeOf(value)?.Oid == PgTypeOid.Numeric
                ? PgNodes.Wrap(new Pg.A_Expr { Kind = Pg.A_Expr_Kind.AexprOp, Name = { PgNodes.StringNode("*") }, Lexpr = value, Rexpr = PgNodes.TypeCast(PgNodes.IntegerConstant(1), wide), Location = -1 })
                : PgNodes.TypeCast(value, PgNodes.TypeName("hugeint"));
            var squares = Aggregate("sum", statistic);
            squares.FuncCall.Args[0] = PgNodes.Wrap(new Pg.A_Expr { Kind = Pg.A_Expr_Kind.AexprOp, Name = { PgNodes.StringNode("*") }, Lexpr = operand, Rexpr = operand.Clone(), Location = -1 });
            return PgNodes.FuncCall([variance], PgNodes.TypeCast(Aggregate("sum", statistic), PgNodes.TypeName("varchar")),
                PgNodes.TypeCast(squares, PgNodes.TypeName("varchar")), Aggregate("count", statistic));
        }

        if (node.AExpr is { Kind: Pg.A_Expr_Kind.AexprOp, Name: [{ String.Sval: "/" }], Lexpr: { } dividend, Rexpr: { } divisor }
            && IsNumericDivision(types.TypeOf(dividend), types.TypeOf(divisor)))
        {
            return PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_numeric_div_text"], dividend, divisor);
        }

        return null;
    }

    /// <summary>Numeric by numeric or integer: integers alone divide as integers, and doubles as doubles.</summary>
    private static bool IsNumericDivision(PgType? dividend, PgType? divisor) =>
        dividend?.Oid is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric
        && divisor?.Oid is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric
        && (dividend.Value.Oid == PgTypeOid.Numeric || divisor.Value.Oid == PgTypeOid.Numeric);

    /// <summary>The <see cref="NumericVariance"/> function for a variance or standard deviation of integers or numeric, without DISTINCT; else null.</summary>
    private static string? NumericVarianceFunction(Pg.FuncCall call, StatementTypes types) =>
        call is { Args.Count: 1, AggStar: false, AggDistinct: false, AggWithinGroup: false }
            && (call.Funcname.Count == 1 || call.Funcname is [{ String.Sval: "pg_catalog" }, _])
            && types.TypeOf(call.Args[0])?.Oid is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric
            ? call.Funcname[^1].String?.Sval switch
            {
                "variance" or "var_samp" => NumericVariance.SampleVarianceName,
                "var_pop" => NumericVariance.PopulationVarianceName,
                "stddev" or "stddev_samp" => NumericVariance.SampleDeviationName,
                "stddev_pop" => NumericVariance.PopulationDeviationName,
                _ => null,
            }
            : null;

    private static bool IsNumericAverage(Pg.FuncCall call, StatementTypes types) =>
        call is { Args.Count: 1, AggStar: false, AggWithinGroup: false, Funcname: [{ String.Sval: "avg" }] or [{ String.Sval: "pg_catalog" }, { String.Sval: "avg" }] }
        && types.TypeOf(call.Args[0])?.Oid is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric;

    /// <summary>The same aggregate call (DISTINCT, FILTER, OVER kept) of <paramref name="function"/>.</summary>
    private static Pg.Node Aggregate(string function, Pg.FuncCall call)
    {
        var aggregate = call.Clone();
        aggregate.Funcname.Clear();
        aggregate.Funcname.Add(PgNodes.StringNode(function));
        return PgNodes.Wrap(aggregate);
    }

    /// <summary>ORDER BY the column's position or name would sort the text; it sorts by the average instead.</summary>
    private static void SortByValue(Pg.SelectStmt select, int position, string name, Pg.Node average, StatementTypes types)
    {
        foreach (var item in select.SortClause)
        {
            if (item.SortBy is not { } sort)
            {
                continue;
            }

            if (sort.Node?.AConst?.Ival?.Ival == position || sort.Node?.ColumnRef?.Fields is [{ String.Sval: var column }] && column == name)
            {
                sort.Node = CloneReading(average, types);
            }
        }
    }

    /// <summary>A copy of <paramref name="value"/> whose references to exact texts (<see cref="StatementTypes.IsExactText(Pg.ColumnRef)"/>) are marked as the original's are, to be read as numbers.</summary>
    private static Pg.Node CloneReading(Pg.Node value, StatementTypes types)
    {
        var copy = value.Clone();
        using var originals = PgNodeWalker.DescendantsAndSelf(value).GetEnumerator();
        foreach (var copied in PgNodeWalker.DescendantsAndSelf(copy))
        {
            if (originals.MoveNext() && originals.Current is Pg.ColumnRef reference && types.IsExactText(reference) && copied is Pg.ColumnRef copiedReference)
            {
                types.AddExactText(copiedReference);
            }
        }

        return copy;
    }
}
