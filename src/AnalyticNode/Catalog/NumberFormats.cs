using System.Globalization;
using System.Numerics;
using System.Text;
using DuckDB.NET.Data;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// to_char(integer or numeric, template) as PostgreSQL's numeric_to_char writes it, for templates of 9, 0, comma and
/// one period, with or without FM (<see cref="IsSupported"/>): a sign position (blank or minus) before the first
/// character written, blanks for leading 9s (none with FM), zeros from the first 0 on, the value rounded half away
/// from zero to the template's decimals, trailing zero decimals under 9 dropped with FM. A value too wide for the
/// template (PostgreSQL's #s) is refused rather than written differently.
/// </summary>
internal static class NumberFormats
{
    public const string FunctionName = "htap_to_char_number";

    /// <summary>Registers the function in <paramref name="connection"/>'s database, where every connection sees it.</summary>
    public static void Register(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        StrictFunctions.Register<string, string, string>(connection, FunctionName, Format);
    }

    /// <summary>Whether the node writes <paramref name="template"/> as PostgreSQL does: [FM] 9, 0 and commas, then at most one period and 9s and 0s.</summary>
    public static bool IsSupported(string template)
    {
        var body = template.StartsWith("FM", StringComparison.Ordinal) ? template[2..] : template;
        var point = body.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? body : body[..point];
        var fraction = point < 0 ? "" : body[(point + 1)..];
        return whole.Length > 0 && whole.All(c => c is '9' or '0' or ',') && whole.Any(c => c is '9' or '0') && whole[0] != ','
            && fraction.All(c => c is '9' or '0');
    }

    /// <summary><paramref name="number"/> (decimal text) written by <paramref name="template"/>.</summary>
    public static string Format(string number, string template)
    {
        var fillMode = template.StartsWith("FM", StringComparison.Ordinal);
        var body = fillMode ? template[2..] : template;
        var point = body.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? body : body[..point];
        var fraction = point < 0 ? "" : body[(point + 1)..];

        var (unscaled, scale, _) = NumericDivision.Parse(number);
        var negative = unscaled.Sign < 0;
        var magnitude = BigInteger.Abs(unscaled);
        var rounded = scale > fraction.Length
            ? ((2 * magnitude / BigInteger.Pow(10, scale - fraction.Length)) + 1) / 2
            : magnitude * BigInteger.Pow(10, fraction.Length - scale);
        var digits = rounded.ToString(CultureInfo.InvariantCulture).PadLeft(fraction.Length + 1, '0');
        var wholeDigits = digits[..^fraction.Length];
        var fractionDigits = digits[^fraction.Length..];
        var places = whole.Count(c => c is '9' or '0');
        if (wholeDigits.Length > places)
        {
            throw new NotSupportedException("to_char of a number too wide for its template is not supported by the analytic node");
        }

        // |value| < 1 with decimals and no 0 before the point: PostgreSQL leaves the integer's 0 out.
        var zeroStart = whole.IndexOf('0', StringComparison.Ordinal);
        var omitWholeZero = wholeDigits == "0" && fraction.Length > 0 && zeroStart < 0;
        if (omitWholeZero && fillMode && fraction.Contains('0', StringComparison.Ordinal))
        {
            throw new NotSupportedException("to_char of a fraction with this template is not supported by the analytic node");
        }

        var text = new StringBuilder(template.Length + 2);
        var started = false;
        var digitIndex = places - wholeDigits.Length;
        var position = 0;
        foreach (var c in whole)
        {
            if (c == ',')
            {
                text.Append(started ? "," : fillMode ? "" : " ");
                continue;
            }

            var printed = position >= digitIndex ? wholeDigits[position - digitIndex]
                : zeroStart >= 0 && WholePosition(whole, zeroStart) <= position ? '0' : (char?)null;
            if (printed is { } digit && !(omitWholeZero && position >= digitIndex))
            {
                if (!started)
                {
                    text.Append(negative ? "-" : fillMode ? "" : " ");
                    started = true;
                }

                text.Append(digit);
            }
            else if (!fillMode)
            {
                text.Append(' ');
            }

            position++;
        }

        if (point < 0)
        {
            return text.ToString();
        }

        if (!started)
        {
            text.Append(negative ? "-" : fillMode ? "" : " ");
        }

        text.Append('.');
        var kept = fraction.Length;
        if (fillMode)
        {
            var lastZero = fraction.LastIndexOf('0');
            while (kept > lastZero + 1 && fractionDigits[kept - 1] == '0')
            {
                kept--;
            }
        }

        if (omitWholeZero && fillMode && kept == 0)
        {
            throw new NotSupportedException("to_char of zero with this template is not supported by the analytic node");
        }

        return text.Append(fractionDigits, 0, kept).ToString();
    }

    /// <summary>The digit position (commas not counted) of the character at <paramref name="index"/>.</summary>
    private static int WholePosition(string whole, int index) => whole[..index].Count(c => c is '9' or '0');
}
