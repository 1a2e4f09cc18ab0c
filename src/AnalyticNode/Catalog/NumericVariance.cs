using System.Numerics;
using DuckDB.NET.Data;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// PostgreSQL's variance and standard deviation of integers and numeric (numeric_stddev_internal), as DuckDB scalar
/// functions of the group's sum, sum of squares and count, which DuckDB computes exactly: the variance is
/// (N·Σx² − (Σx)²) / (N·(N−1)), or N·N for the population, divided as numeric division divides
/// (<see cref="NumericDivision"/>), and the deviation its square root at that quotient's scale, rounded. DuckDB
/// computes them in double precision and prints other digits (1931.7221041081536 for PostgreSQL's 1931.722104108145).
/// </summary>
internal static class NumericVariance
{
    public const string SampleVarianceName = "htap_numeric_var_samp";
    public const string PopulationVarianceName = "htap_numeric_var_pop";
    public const string SampleDeviationName = "htap_numeric_stddev_samp";
    public const string PopulationDeviationName = "htap_numeric_stddev_pop";

    /// <summary>Registers the functions in <paramref name="connection"/>'s database, where every connection sees them.</summary>
    public static void Register(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        StrictFunctions.Register<string, string, long, string>(connection, SampleVarianceName, (sum, squares, count) => Compute(sum, squares, count, sample: true, root: false));
        StrictFunctions.Register<string, string, long, string>(connection, PopulationVarianceName, (sum, squares, count) => Compute(sum, squares, count, sample: false, root: false));
        StrictFunctions.Register<string, string, long, string>(connection, SampleDeviationName, (sum, squares, count) => Compute(sum, squares, count, sample: true, root: true));
        StrictFunctions.Register<string, string, long, string>(connection, PopulationDeviationName, (sum, squares, count) => Compute(sum, squares, count, sample: false, root: true));
    }

    /// <summary>
    /// The variance (or, with <paramref name="root"/>, the deviation) of <paramref name="count"/> values whose sum and
    /// sum of squares are the decimal texts given, as PostgreSQL prints it; null for no values, or one in a sample.
    /// </summary>
    public static string? Compute(string sum, string squares, long count, bool sample, bool root)
    {
        if (count == 0 || (sample && count == 1))
        {
            return null;
        }

        var (sumX, sumScale, _) = NumericDivision.Parse(sum);
        var (sumX2, squaresScale, _) = NumericDivision.Parse(squares);

        // N·Σx² − (Σx)², both at twice the sum's scale (the squares' own scale is that, as PostgreSQL accumulates them).
        var scale = Math.Max(sumScale * 2, squaresScale);
        var numerator = (count * sumX2 * BigInteger.Pow(10, scale - squaresScale)) - (sumX * sumX * BigInteger.Pow(10, scale - (sumScale * 2)));
        if (numerator.Sign <= 0)
        {
            // Rounding can leave the numerator negative; PostgreSQL answers zero.
            return "0";
        }

        var denominator = new BigInteger(count) * (sample ? count - 1 : count);
        var variance = NumericDivision.Divide(NumericDivision.Format(numerator, scale), denominator.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return root ? SquareRoot(variance) : variance;
    }

    /// <summary>The square root of a non-negative decimal text at its own scale, rounded half up (sqrt_var).</summary>
    private static string SquareRoot(string value)
    {
        var (unscaled, scale, _) = NumericDivision.Parse(value);

        // floor(√value · 10^(scale+1)) = floor(√(unscaled · 10^(scale+2))); its last digit rounds the result.
        var extended = IntegerSquareRoot(unscaled * BigInteger.Pow(10, scale + 2));
        return NumericDivision.Format((extended + 5) / 10, scale);
    }

    /// <summary>floor(√n) for n ≥ 0, by Newton's method from above.</summary>
    private static BigInteger IntegerSquareRoot(BigInteger n)
    {
        if (n < 2)
        {
            return n;
        }

        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var next = (x + (n / x)) >> 1;
            if (next >= x)
            {
                return x;
            }

            x = next;
        }
    }
}
