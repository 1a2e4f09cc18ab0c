using System.Text;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// Operators DuckDB answers differently: <c>SIMILAR TO</c> (DuckDB matches the pattern as a regular expression, without
/// translating % and _) and date minus date (an integer in PostgreSQL, a bigint in DuckDB).
/// </summary>
internal static class OperatorRewrites
{
    private static readonly string[] FullMatch = ["main", "regexp_full_match"];
    private static readonly string[] DateDiff = ["main", "date_diff"];

    /// <summary>The replacement for <paramref name="expression"/>, or null to keep it.</summary>
    public static Pg.Node? Replace(Pg.A_Expr expression, StatementTypes types) => expression switch
    {
        { Kind: Pg.A_Expr_Kind.AexprSimilar } => Similar(expression),
        { Kind: Pg.A_Expr_Kind.AexprOp, Name: [{ String.Sval: "-" }], Lexpr: { } left, Rexpr: { } right }
            when types.TypeOf(left)?.Oid == PgTypeOid.Date && types.TypeOf(right)?.Oid == PgTypeOid.Date =>
            PgNodes.TypeCast(PgNodes.FuncCall(DateDiff, PgNodes.StringConstant("day"), right, left), PgNodes.TypeName("int4")),
        _ => null,
    };

    /// <summary>
    /// <c>a SIMILAR TO 'pattern'</c>: the parser wraps the pattern in similar_to_escape; a constant pattern (with the
    /// default escape) is translated here into the regular expression PostgreSQL would build.
    /// </summary>
    private static Pg.Node? Similar(Pg.A_Expr expression)
    {
        if (expression is not { Lexpr: { } value, Rexpr.FuncCall: { Args: [{ AConst.Sval.Sval: { } pattern }] }, Name: [{ String.Sval: var op }] })
        {
            return null;
        }

        var match = PgNodes.FuncCall(FullMatch, value, PgNodes.StringConstant(Translate(pattern)));
        if (op != "!~")
        {
            return match;
        }

        var not = new Pg.BoolExpr { Boolop = Pg.BoolExprType.NotExpr, Location = -1 };
        not.Args.Add(match);
        return PgNodes.Wrap(not);
    }

    /// <summary>PostgreSQL's similar_escape: % and _ become .* and ., a backslash escapes, brackets are kept as they are.</summary>
    private static string Translate(string pattern)
    {
        var regex = new StringBuilder(pattern.Length + 8);
        var inBrackets = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append('\\').Append(pattern[++i]);
            }
            else if (inBrackets)
            {
                regex.Append(c);
                inBrackets = c != ']';
            }
            else
            {
                switch (c)
                {
                    case '[':
                        inBrackets = true;
                        regex.Append(c);
                        break;
                    case '%':
                        regex.Append(".*");
                        break;
                    case '_':
                        regex.Append('.');
                        break;
                    case '(':
                        regex.Append("(?:");
                        break;
                    case '.' or '$' or '^':
                        regex.Append('\\').Append(c);
                        break;
                    default:
                        regex.Append(c);
                        break;
                }
            }
        }

        return regex.ToString();
    }
}
