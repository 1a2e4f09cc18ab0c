using System.Globalization;
using System.Numerics;
using System.Text;
using DuckDB.NET.Data;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// PostgreSQL's numeric division (numeric_div with select_div_scale) as a DuckDB scalar function over decimal text:
/// <c>htap_numeric_quotient(a, b)</c> gives a / b with at least 16 significant digits, rounded half away from zero, as
/// PostgreSQL's numeric text. avg of integers and numeric is sum / count through it. A function rather than a macro:
/// DuckDB binds a macro by expanding it, and the nested arithmetic this takes cost ~0.1 s of binding per call site.
/// </summary>
internal static class NumericDivision
{
    public const string FunctionName = "htap_numeric_quotient";

    /// <summary>PostgreSQL's div(numeric, numeric): the quotient truncated towards zero, as integer text.</summary>
    public const string TruncatedName = "htap_numeric_trunc_quotient";

    /// <summary>NUMERIC_MIN_SIG_DIGITS, DEC_DIGITS and NUMERIC_MAX_DISPLAY_SCALE of PostgreSQL's numeric.c.</summary>
    private const int MinSignificantDigits = 16;
    private const int DecimalDigitsPerGroup = 4;
    private const int MaxDisplayScale = 1000;

    /// <summary>Registers the function in <paramref name="connection"/>'s database, where every connection sees it.</summary>
    public static void Register(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        StrictFunctions.Register<string, string, string>(connection, FunctionName, Divide);
        StrictFunctions.Register<string, string, string>(connection, TruncatedName, DivideTruncated);
    }

    /// <summary>The whole part of <paramref name="dividend"/> / <paramref name="divisor"/>, exactly, as numeric_div_trunc gives it.</summary>
    /// <exception cref="DivideByZeroException">The divisor is zero.</exception>
    public static string DivideTruncated(string dividend, string divisor)
    {
        var (u1, s1, _) = Parse(dividend);
        var (u2, s2, _) = Parse(divisor);
        if (u2.IsZero)
        {
            throw new DivideByZeroException("division by zero");
        }

        // u1·10^-s1 / (u2·10^-s2) = u1·10^s2 / (u2·10^s1); BigInteger division truncates towards zero.
        return (u1 * BigInteger.Pow(10, s2) / (u2 * BigInteger.Pow(10, s1))).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><paramref name="dividend"/> / <paramref name="divisor"/>, both decimal text (an exponent allowed), as PostgreSQL prints it.</summary>
    /// <exception cref="DivideByZeroException">The divisor is zero.</exception>
    /// <exception cref="FormatException">Either is not a decimal number.</exception>
    public static string Divide(string dividend, string divisor)
    {
        var left = Parse(dividend);
        var right = Parse(divisor);
        if (right.Unscaled.IsZero)
        {
            throw new DivideByZeroException("division by zero");
        }

        var ((u1, s1, _), (u2, s2, _)) = (left, right);
        var scale = QuotientScale(left, right);

        // round(|u1| * 10^(scale - s1 + s2) / |u2|), half away from zero; scale >= s1, so the power is never negative.
        var magnitude = ((2 * BigInteger.Abs(u1) * BigInteger.Pow(10, scale - s1 + s2)) + BigInteger.Abs(u2)) / (2 * BigInteger.Abs(u2));
        return Format(u1.Sign * u2.Sign < 0 ? -magnitude : magnitude, scale);
    }

    /// <summary>select_div_scale: 16 significant digits from the quotient's leading base-10000 group, and no fewer decimals than either operand.</summary>
    private static int QuotientScale(Operand dividend, Operand divisor)
    {
        var (weight1, first1) = LeadingGroup(dividend);
        var (weight2, first2) = LeadingGroup(divisor);
        var quotientWeight = weight1 - weight2 - (first1 <= first2 ? 1 : 0);
        var scale = MinSignificantDigits - (quotientWeight * DecimalDigitsPerGroup);
        return Math.Min(Math.Max(Math.Max(scale, Math.Max(dividend.Scale, divisor.Scale)), 0), MaxDisplayScale);
    }

    /// <summary>The power of 10000 of the value's first non-zero base-10000 digit, and that digit; zero for zero.</summary>
    private static (int Weight, BigInteger First) LeadingGroup(Operand operand)
    {
        var (unscaled, scale, digits) = operand;
        if (unscaled.IsZero)
        {
            return (0, BigInteger.Zero);
        }

        var magnitude = BigInteger.Abs(unscaled);
        var leadingPower = digits - 1 - scale;
        var weight = (int)Math.Floor(leadingPower / (double)DecimalDigitsPerGroup);
        var shift = scale + (DecimalDigitsPerGroup * weight);
        var first = shift >= 0 ? magnitude / BigInteger.Pow(10, shift) : magnitude * BigInteger.Pow(10, -shift);
        return (weight, first);
    }

    /// <summary>
    /// Decimal text (DuckDB's DECIMAL, HUGEINT or BIGINT as VARCHAR) as an unscaled integer, its scale, and the number
    /// of digits of the integer, counted from the text rather than by printing the integer again.
    /// </summary>
    internal static Operand Parse(string text)
    {
        var span = text.AsSpan().Trim();
        var exponent = 0;
        var e = span.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            exponent = int.Parse(span[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            span = span[..e];
        }

        var point = span.IndexOf('.');
        var scale = point < 0 ? 0 : span.Length - point - 1;
        var digits = point < 0 ? span.ToString() : string.Concat(span[..point], span[(point + 1)..]);
        if (digits is "" or "-" or "+")
        {
            throw new FormatException($"invalid input syntax for type numeric: \"{text}\"");
        }

        var unscaled = BigInteger.Parse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var significant = digits.AsSpan().TrimStart("+-").TrimStart('0').Length;
        scale -= exponent;
        return scale >= 0 || significant == 0
            ? new Operand(unscaled, Math.Max(scale, 0), significant)
            : new Operand(unscaled * BigInteger.Pow(10, -scale), 0, significant - scale);
    }

    /// <summary>A parsed operand: the value is Unscaled × 10^-Scale, and |Unscaled| has Digits digits (0 for zero).</summary>
    internal readonly record struct Operand(BigInteger Unscaled, int Scale, int Digits);

    /// <summary>Unscaled × 10^-<paramref name="scale"/> as decimal text with exactly <paramref name="scale"/> decimals.</summary>
    internal static string Format(BigInteger unscaled, int scale)
    {
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder(digits.Length + scale + 3);
        if (unscaled.Sign < 0)
        {
            text.Append('-');
        }

        if (scale == 0)
        {
            return text.Append(digits).ToString();
        }

        digits = digits.PadLeft(scale + 1, '0');
        return text.Append(digits, 0, digits.Length - scale).Append('.').Append(digits, digits.Length - scale, scale).ToString();
    }
}
