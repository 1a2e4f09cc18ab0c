using System.Numerics;
using DuckDB.NET.Data;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// PostgreSQL's numeric +, -, * and round() as DuckDB scalar functions over numeric text, for a result column whose
/// value is computed from a quotient (<see cref="NumericDivision"/>): <c>avg(x) * 2</c> prints with the scale the
/// quotient's value gives it, and a quotient of any size stays exact, where a DuckDB DECIMAL would fix the scale and
/// overflow past 38 digits. The display scale follows numeric.c: the larger of the operands' for a sum or difference,
/// their total for a product, and round's own for round.
/// </summary>
internal static class NumericArithmetic
{
    public const string AddName = "htap_numeric_add";
    public const string SubtractName = "htap_numeric_sub";
    public const string MultiplyName = "htap_numeric_mul";
    public const string RoundName = "htap_numeric_round";

    /// <summary>NUMERIC_MAX_RESULT_SCALE of PostgreSQL's numeric.c: round's scale is clamped to it either way.</summary>
    private const int MaxResultScale = 2000;

    /// <summary>Registers the functions in <paramref name="connection"/>'s database, where every connection sees them.</summary>
    public static void Register(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        StrictFunctions.Register<string, string, string>(connection, AddName, Add);
        StrictFunctions.Register<string, string, string>(connection, SubtractName, Subtract);
        StrictFunctions.Register<string, string, string>(connection, MultiplyName, Multiply);
        StrictFunctions.Register<string, int, string>(connection, RoundName, Round);
    }

    /// <summary><paramref name="left"/> + <paramref name="right"/>, decimal text, as PostgreSQL prints the sum.</summary>
    public static string Add(string left, string right)
    {
        var (a, b, scale) = Aligned(left, right);
        return NumericDivision.Format(a + b, scale);
    }

    /// <summary><paramref name="left"/> - <paramref name="right"/>, decimal text, as PostgreSQL prints the difference.</summary>
    public static string Subtract(string left, string right)
    {
        var (a, b, scale) = Aligned(left, right);
        return NumericDivision.Format(a - b, scale);
    }

    /// <summary><paramref name="left"/> × <paramref name="right"/>, decimal text, exact, as PostgreSQL prints the product.</summary>
    public static string Multiply(string left, string right)
    {
        var a = NumericDivision.Parse(left);
        var b = NumericDivision.Parse(right);
        return NumericDivision.Format(a.Unscaled * b.Unscaled, a.Scale + b.Scale);
    }

    /// <summary>
    /// round(<paramref name="value"/>, <paramref name="scale"/>): half away from zero at that decimal (a negative one
    /// rounds to tens, hundreds...), printed with max(scale, 0) decimals.
    /// </summary>
    public static string Round(string value, int scale)
    {
        scale = Math.Clamp(scale, -MaxResultScale, MaxResultScale);
        var (unscaled, current, _) = NumericDivision.Parse(value);
        if (scale >= current)
        {
            return NumericDivision.Format(unscaled * BigInteger.Pow(10, scale - current), Math.Max(scale, 0));
        }

        var unit = BigInteger.Pow(10, current - scale);
        var magnitude = (BigInteger.Abs(unscaled) + (unit / 2)) / unit;
        var rounded = unscaled.Sign < 0 ? -magnitude : magnitude;
        return scale >= 0 ? NumericDivision.Format(rounded, scale) : NumericDivision.Format(rounded * BigInteger.Pow(10, -scale), 0);
    }

    /// <summary>Both operands as unscaled integers at the larger of their scales.</summary>
    private static (BigInteger Left, BigInteger Right, int Scale) Aligned(string left, string right)
    {
        var a = NumericDivision.Parse(left);
        var b = NumericDivision.Parse(right);
        var scale = Math.Max(a.Scale, b.Scale);
        return (a.Unscaled * BigInteger.Pow(10, scale - a.Scale), b.Unscaled * BigInteger.Pow(10, scale - b.Scale), scale);
    }
}
