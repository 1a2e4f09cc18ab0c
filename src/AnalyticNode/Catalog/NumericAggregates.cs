using System.Numerics;
using DuckDB.NET.Data;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// PostgreSQL's sum, min and max of numeric, and its numeric comparison, over numeric text, for values computed from a
/// quotient (<see cref="NumericDivision"/>): each quotient has its own display scale, which a DuckDB DECIMAL would fix
/// at one (and overflow past 38 digits). An aggregate is a scalar function over the group's values joined by blanks
/// (DuckDB's <c>string_agg</c>, which skips NULLs and gives NULL for none), so DISTINCT, FILTER and OVER work as for
/// any aggregate. As in numeric.c, a sum has the largest scale of its terms, and min and max are the value as it was.
/// </summary>
internal static class NumericAggregates
{
    public const string SumName = "htap_numeric_sum";
    public const string MinName = "htap_numeric_min";
    public const string MaxName = "htap_numeric_max";
    public const string CompareName = "htap_numeric_cmp";

    /// <summary>What separates the values given to an aggregate; numeric text never holds it.</summary>
    public const string Separator = " ";

    /// <summary>Registers the functions in <paramref name="connection"/>'s database, where every connection sees them.</summary>
    public static void Register(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        StrictFunctions.Register<string, string>(connection, SumName, Sum);
        StrictFunctions.Register<string, string>(connection, MinName, Min);
        StrictFunctions.Register<string, string>(connection, MaxName, Max);
        StrictFunctions.Register<string, string, int>(connection, CompareName, Compare);
    }

    /// <summary>The exact sum of <paramref name="values"/> (numeric text joined by <see cref="Separator"/>), at the largest of their scales.</summary>
    public static string Sum(string values)
    {
        var (total, scale) = (BigInteger.Zero, 0);
        foreach (var text in Split(values))
        {
            var operand = NumericDivision.Parse(text);
            if (operand.Scale > scale)
            {
                total *= BigInteger.Pow(10, operand.Scale - scale);
                scale = operand.Scale;
            }

            total += operand.Unscaled * BigInteger.Pow(10, scale - operand.Scale);
        }

        return NumericDivision.Format(total, scale);
    }

    /// <summary>The least (<paramref name="sign"/> -1) or greatest (1) of <paramref name="values"/>, as it was written; the first of equals; null for none.</summary>
    private static string? Extreme(string values, int sign)
    {
        string? best = null;
        foreach (var text in Split(values))
        {
            if (best is null || Math.Sign(Compare(text, best)) == sign)
            {
                best = text;
            }
        }

        return best;
    }

    /// <summary>The least of <paramref name="values"/>, as it was written.</summary>
    public static string? Min(string values) => Extreme(values, -1);

    /// <summary>The greatest of <paramref name="values"/>, as it was written.</summary>
    public static string? Max(string values) => Extreme(values, 1);

    /// <summary>-1, 0 or 1 as <paramref name="left"/> is less than, equal to or greater than <paramref name="right"/>, both decimal text.</summary>
    public static int Compare(string left, string right)
    {
        var a = NumericDivision.Parse(left);
        var b = NumericDivision.Parse(right);
        var scale = Math.Max(a.Scale, b.Scale);
        return (a.Unscaled * BigInteger.Pow(10, scale - a.Scale)).CompareTo(b.Unscaled * BigInteger.Pow(10, scale - b.Scale));
    }

    private static string[] Split(string values) => values.Split(Separator, StringSplitOptions.RemoveEmptyEntries);
}
