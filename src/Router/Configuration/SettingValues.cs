using System.Globalization;

namespace HtapRouter.Router.Configuration;

/// <summary>The unit a number is counted in when it has none of its own, as pgpool-II's GUC_UNIT_* flags.</summary>
internal enum SettingUnit
{
    /// <summary>A plain number; a unit after it is an error.</summary>
    None,
    Seconds,
    Milliseconds,
    Bytes,
}

/// <summary>
/// Reads setting values the way pgpool-II does (its code comes from PostgreSQL's GUC), so a value pgpool accepts means
/// the same here: booleans as any unique prefix of true, false, yes, no, on or off, or 1 and 0; integers in decimal,
/// octal (leading 0) or hex (0x), or as a fraction that is rounded, with an optional unit such as "1min" or "10MB".
/// The same rules apply to command-line switches and environment variables, so "--load-balance-mode off" works.
/// </summary>
internal static partial class SettingValues
{
    public static bool TryParseBoolean(string text, out bool value)
    {
        value = false;
        if (text.Length == 0)
        {
            return false;
        }

        switch (char.ToLowerInvariant(text[0]))
        {
            case 't':
                value = true;
                return IsPrefixOf(text, "true");
            case 'f':
                return IsPrefixOf(text, "false");
            case 'y':
                value = true;
                return IsPrefixOf(text, "yes");
            case 'n':
                return IsPrefixOf(text, "no");
            case 'o':
                // "o" alone could be on or off, so pgpool wants at least two letters.
                if (text.Length < 2)
                {
                    return false;
                }

                value = IsPrefixOf(text, "on");
                return value || IsPrefixOf(text, "off");
            case '1':
                value = true;
                return text.Length == 1;
            case '0':
                return text.Length == 1;
            default:
                return false;
        }
    }

    /// <summary>Reads an integer in <paramref name="unit"/> that lies between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static bool TryParseInteger(string text, SettingUnit unit, long min, long max, out long value)
    {
        value = 0;
        var span = text.AsSpan().TrimStart();
        if (!TryParseNumber(span, out var number, out var consumed))
        {
            return false;
        }

        var rest = span[consumed..].Trim();
        if (!rest.IsEmpty && (unit == SettingUnit.None || !TryConvertUnit(number, rest, unit, out number)))
        {
            return false;
        }

        // C's rint, as pgpool rounds: halves go to the even neighbour.
        number = Math.Round(number, MidpointRounding.ToEven);
        if (double.IsNaN(number) || number < min || number > max)
        {
            return false;
        }

        value = (long)number;
        return true;
    }

    /// <summary>Reads a finite, non-negative decimal number such as a backend weight ("1", "0.5", "2e1").</summary>
    public static bool TryParseWeight(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && value >= 0;

    /// <summary>What a value of <paramref name="unit"/> should look like, for error messages.</summary>
    public static string DescribeInteger(SettingUnit unit) => unit switch
    {
        SettingUnit.Seconds => "expected a whole number of seconds, such as 10 or 1min",
        SettingUnit.Milliseconds => "expected a whole number of milliseconds, such as 500 or 2s",
        SettingUnit.Bytes => "expected a number of bytes, such as 1048576 or 1MB",
        _ => "expected a whole number",
    };

    private static bool IsPrefixOf(string text, string word) =>
        text.Length <= word.Length && word.StartsWith(text, StringComparison.OrdinalIgnoreCase);
}
