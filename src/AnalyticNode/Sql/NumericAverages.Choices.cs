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
                if (ResultTexts(node.CoalesceExpr.Args, types, depth, choices) is not { } arguments)
                {
                    return null;
                }

                var coalesce = new Pg.CoalesceExpr { Location = -1 };
                coalesce.Args.AddRange(arguments);
                return PgNodes.Wrap(coalesce);
            case Pg.Node.NodeOneofCase.CaseExpr:
                var choice = node.CaseExpr.Clone();
                var results = choice.Args.Select(when => when.CaseWhen.Result).ToList();
                if (choice.Defresult is { } otherwise)
                {
                    results.Add(otherwise);
                }

                if (ResultTexts(results, types, depth, choices) is not { } texts)
                {
                    return null;
                }

                for (var i = 0; i < choice.Args.Count; i++)
                {
                    choice.Args[i].CaseWhen.Result = texts[i];
                }

                if (choice.Defresult is not null)
                {
                    choice.Defresult = texts[^1];
                }

                return PgNodes.Wrap(choice);
            case Pg.Node.NodeOneofCase.MinMaxExpr:
                if (ResultTexts(node.MinMaxExpr.Args, types, depth, choices) is not { } values)
                {
                    return null;
                }

                // concat_ws skips NULLs as GREATEST and LEAST do; with none left the function gives NULL.
                var joined = PgNodes.FuncCall(["concat_ws"], [PgNodes.StringConstant(NumericAggregates.Separator), .. values]);
                return Call(node.MinMaxExpr.Op == Pg.MinMaxOp.IsGreatest ? NumericAggregates.MaxName : NumericAggregates.MinName, joined);
            default:
                return null;
        }
    }

    /// <summary>Each of the choice's <paramref name="results"/> as numeric text (see <see cref="ResultText"/>); null when one is not a known number.</summary>
    private static List<Pg.Node>? ResultTexts(IEnumerable<Pg.Node> results, StatementTypes types, int depth, bool choices)
    {
        var texts = new List<Pg.Node>();
        foreach (var result in results)
        {
            if (ResultText(result, types, depth, choices) is not { } text)
            {
                return null;
            }

            texts.Add(text);
        }

        return texts;
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
