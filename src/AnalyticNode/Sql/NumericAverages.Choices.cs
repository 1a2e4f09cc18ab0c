using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// CASE, COALESCE, GREATEST and LEAST over numbers: a numeric value keeps its own display scale through them in
/// PostgreSQL (<c>CASE WHEN b THEN 1.5 ELSE 2.25 END</c> prints 1.5 or 2.25), where DuckDB gives the choice one DECIMAL
/// type and prints every value at the largest scale (1.50). As a result column of a SELECT without GROUP BY or DISTINCT,
/// or computed from one, whose type is numeric without a type modifier (results of different scales), or anywhere in
/// the result columns with a quotient among the results, each result is its own
/// numeric text and the choice is made on the texts: GREATEST and LEAST by <see cref="NumericAggregates"/>, which
/// compares the values and keeps the chosen one's text.
/// </summary>
internal static partial class NumericAverages
{
    /// <summary>The choice computed on its results' numeric texts; null when it is of another type or a result is not a known number.</summary>
    private static Pg.Node? ChoiceText(Pg.Node node, StatementTypes types, int depth, bool choices)
    {
        // GREATEST and LEAST resolve their type as COALESCE does.
        var type = node.MinMaxExpr is { } extreme ? types.TypeOf(PgNodes.Wrap(new Pg.CoalesceExpr { Args = { extreme.Args } })) : types.TypeOf(node);
        if (!(choices && type is { Oid: PgTypeOid.Numeric, Typmod: PgTypmod.None }) && !HasExactResult(node, types, depth))
        {
            return null;
        }

        switch (node.NodeCase)
        {
            case Pg.Node.NodeOneofCase.CoalesceExpr:
                var coalesce = new Pg.CoalesceExpr { Location = -1 };
                foreach (var argument in node.CoalesceExpr.Args)
                {
                    if (ResultText(argument, types, depth, choices) is not { } text)
                    {
                        return null;
                    }

                    coalesce.Args.Add(text);
                }

                return PgNodes.Wrap(coalesce);
            case Pg.Node.NodeOneofCase.CaseExpr:
                var choice = node.CaseExpr.Clone();
                foreach (var when in choice.Args)
                {
                    if (ResultText(when.CaseWhen.Result, types, depth, choices) is not { } text)
                    {
                        return null;
                    }

                    when.CaseWhen.Result = text;
                }

                if (choice.Defresult is { } otherwise)
                {
                    if (ResultText(otherwise, types, depth, choices) is not { } text)
                    {
                        return null;
                    }

                    choice.Defresult = text;
                }

                return PgNodes.Wrap(choice);
            case Pg.Node.NodeOneofCase.MinMaxExpr:
                var texts = new List<Pg.Node> { PgNodes.StringConstant(NumericAggregates.Separator) };
                foreach (var argument in node.MinMaxExpr.Args)
                {
                    if (ResultText(argument, types, depth, choices) is not { } text)
                    {
                        return null;
                    }

                    texts.Add(text);
                }

                // concat_ws skips NULLs as GREATEST and LEAST do; with none left the function gives NULL.
                var joined = PgNodes.FuncCall(["concat_ws"], [.. texts]);
                return Call(node.MinMaxExpr.Op == Pg.MinMaxOp.IsGreatest ? NumericAggregates.MaxName : NumericAggregates.MinName, joined);
            default:
                return null;
        }
    }

    /// <summary>Whether a result of the choice is a quotient, or is computed from one; its type is then not known to the planner.</summary>
    private static bool HasExactResult(Pg.Node node, StatementTypes types, int depth)
    {
        IEnumerable<Pg.Node?> results = node.NodeCase switch
        {
            Pg.Node.NodeOneofCase.CoalesceExpr => node.CoalesceExpr.Args,
            Pg.Node.NodeOneofCase.CaseExpr => node.CaseExpr.Args.Select(a => a.CaseWhen?.Result).Append(node.CaseExpr.Defresult),
            Pg.Node.NodeOneofCase.MinMaxExpr => node.MinMaxExpr.Args,
            _ => [],
        };
        return results.Any(r => r is not null && ExactText(r, types, depth + 1, choices: false) is not null);
    }

    /// <summary>One result as numeric text: a quotient's, a number's as DuckDB prints it (a DECIMAL at its scale), or NULL.</summary>
    private static Pg.Node? ResultText(Pg.Node value, StatementTypes types, int depth, bool choices) =>
        value.AConst is { Isnull: true } ? value : ExactText(value, types, depth + 1, choices) ?? NumberText(value, types);
}
