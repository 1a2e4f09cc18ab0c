using System.Buffers;
using System.Globalization;
using System.Text;
using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// <c>VALUES (1.5), (2.25)</c> and <c>SELECT 1.5 UNION ALL SELECT 2.25</c>: each numeric constant keeps its own scale in
/// PostgreSQL (1.5 and 2.25), where DuckDB gives the column one DECIMAL type and prints 1.50. In the outermost VALUES
/// list or set operation, a column made only of number constants (and NULLs), one of them with a decimal point or an
/// exponent, is sent as each constant's numeric text, as numeric_in reads it, and described as numeric. Not done
/// under ORDER BY, which would sort the texts; nor when a UNION, INTERSECT or EXCEPT without ALL would compare two
/// texts of one value (1.5 and 1.50), which PostgreSQL takes for equal.
/// </summary>
internal static class NumericLiterals
{
    private static readonly CharColumn NumericText = new(PgTypeOid.Numeric, -1, 0);
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    /// <summary>Rewrites the number columns of <paramref name="select"/>; the marks to give its result columns, by position.</summary>
    public static IReadOnlyList<CharColumn?> Rewrite(Pg.SelectStmt? select, IReadOnlyList<CharColumn?> charColumns)
    {
        if (select is null || (select.Op == Pg.SetOperation.SetopNone && select.ValuesLists.Count == 0) || select.SortClause.Count > 0)
        {
            return charColumns;
        }

        var rows = new List<List<Pg.Node>>();
        var distinct = false;
        if (!CollectRows(select, rows, ref distinct) || rows.Count == 0 || rows.Any(r => r.Count != rows[0].Count))
        {
            return charColumns;
        }

        CharColumn?[]? marked = null;
        for (var column = 0; column < rows[0].Count; column++)
        {
            if (ColumnTexts(rows, column, distinct) is not { } texts)
            {
                continue;
            }

            for (var row = 0; row < rows.Count; row++)
            {
                if (texts[row] is { } text)
                {
                    rows[row][column].AConst = PgNodes.StringConstant(text).AConst;
                }
            }

            marked ??= [.. charColumns, .. new CharColumn?[Math.Max(0, rows[0].Count - charColumns.Count)]];
            marked[column] = NumericText;
        }

        return marked ?? charColumns;
    }

    /// <summary>
    /// The rows of a VALUES list, or of every branch of a set operation (a VALUES list or a SELECT's result list), as
    /// the value nodes themselves, to be rewritten in place; false when a branch is anything else. <paramref name="distinct"/> is set when a set operation compares rows.
    /// </summary>
    private static bool CollectRows(Pg.SelectStmt select, List<List<Pg.Node>> rows, ref bool distinct)
    {
        if (select.Op != Pg.SetOperation.SetopNone)
        {
            distinct |= !select.All;
            return select.Larg is { SortClause.Count: 0 } left && select.Rarg is { SortClause.Count: 0 } right
                && CollectRows(left, rows, ref distinct) && CollectRows(right, rows, ref distinct);
        }

        if (select.ValuesLists.Count > 0)
        {
            foreach (var list in select.ValuesLists)
            {
                if (list.List is not { } values)
                {
                    return false;
                }

                rows.Add([.. values.Items]);
            }

            return true;
        }

        if (select.TargetList.Any(t => t.ResTarget?.Val is null))
        {
            return false;
        }

        rows.Add([.. select.TargetList.Select(t => t.ResTarget.Val)]);
        return true;
    }

    /// <summary>Each row's numeric text in a column of number constants (null for a NULL), or null for a column to leave alone.</summary>
    private static string?[]? ColumnTexts(List<List<Pg.Node>> rows, int column, bool distinct)
    {
        var texts = new string?[rows.Count];
        var fraction = false;
        for (var row = 0; row < rows.Count; row++)
        {
            switch (rows[row][column].AConst)
            {
                case { Isnull: true }:
                    break;
                case { Ival: { } integer }:
                    texts[row] = integer.Ival.ToString(CultureInfo.InvariantCulture);
                    break;
                case { Fval: { } number } when ConstantText(number.Fval) is { } text:
                    texts[row] = text;
                    fraction |= number.Fval.AsSpan().IndexOfAny('.', 'e', 'E') >= 0;
                    break;
                default:
                    return null;
            }
        }

        // Integers alone are integers; and a row comparison must not tell 1.5 from 1.50.
        return fraction && (!distinct || OneTextPerValue(texts)) ? texts : null;
    }

    private static bool OneTextPerValue(string?[] texts)
    {
        var byValue = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (text is not null && !(byValue.TryAdd(Canonical(text), text) || byValue[Canonical(text)] == text))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A numeric text without trailing fraction zeros: equal values, equal texts.</summary>
    private static string Canonical(string text) => text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;

    /// <summary>
    /// A number constant's text as numeric_in reads it and numeric_out prints it: the scale is the digits after the
    /// point less the exponent (1.50e1 is 15.0, 1e3 is 1000), zero is never negative. Null for text that is not a number.
    /// </summary>
    internal static string? ConstantText(string constant)
    {
        var span = constant.AsSpan().Trim();
        var negative = span.StartsWith("-");
        if (negative || span.StartsWith("+"))
        {
            span = span[1..];
        }

        var exponent = 0;
        if (span.IndexOfAny('e', 'E') is var e and >= 0)
        {
            if (!int.TryParse(span[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > 1000)
            {
                return null;
            }

            span = span[..e];
        }

        var point = span.IndexOf('.');
        var whole = point >= 0 ? span[..point] : span;
        var fraction = point >= 0 ? span[(point + 1)..] : [];
        if (whole.Length + fraction.Length == 0 || whole.ContainsAnyExcept(Digits) || fraction.ContainsAnyExcept(Digits))
        {
            return null;
        }

        var digits = new StringBuilder().Append(whole).Append(fraction);
        var scale = fraction.Length - exponent;
        if (scale < 0)
        {
            digits.Append('0', -scale);
            scale = 0;
        }

        var text = digits.ToString().TrimStart('0').PadLeft(scale + 1, '0');
        var formatted = scale > 0 ? $"{text[..^scale]}.{text[^scale..]}" : text;
        return negative && formatted.AsSpan().ContainsAnyExcept("0.") ? "-" + formatted : formatted;
    }
}
