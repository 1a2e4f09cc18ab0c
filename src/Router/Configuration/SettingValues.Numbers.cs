using System.Globalization;

namespace HtapRouter.Router.Configuration;

/// <summary>Numbers as C's strtol and strtod read them, and units as PostgreSQL's GUC code converts them.</summary>
internal static partial class SettingValues
{
    /// <summary>
    /// C's strtol with base 0 and, when that stops at a '.' or an exponent, strtod: the number at the start of
    /// <paramref name="text"/> and how many characters it took.
    /// </summary>
    private static bool TryParseNumber(ReadOnlySpan<char> text, out double number, out int consumed)
    {
        number = 0;
        var i = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        var negative = i == 1 && text[0] == '-';
        var digitsStart = i;
        var radix = 10;
        if (text.Length > i + 2 && text[i] == '0' && text[i + 1] is 'x' or 'X' && char.IsAsciiHexDigit(text[i + 2]))
        {
            radix = 16;
            i += 2;
            digitsStart = i;
        }
        else if (text.Length > i + 1 && text[i] == '0' && char.IsAsciiDigit(text[i + 1]))
        {
            radix = 8;
        }

        while (i < text.Length && DigitValue(text[i]) is var digit && digit >= 0 && digit < radix)
        {
            number = (number * radix) + digit;
            i++;
        }

        if (i == digitsStart)
        {
            // No digits: perhaps ".5", which only strtod reads.
            return TryParseDecimal(text, out number, out consumed);
        }

        if (radix != 16 && i < text.Length && text[i] is '.' or 'e' or 'E')
        {
            return TryParseDecimal(text, out number, out consumed);
        }

        number = negative ? -number : number;
        consumed = i;
        return number is >= long.MinValue and <= long.MaxValue;
    }

    /// <summary>strtod for plain decimals: [sign] digits [. digits] [e [sign] digits].</summary>
    private static bool TryParseDecimal(ReadOnlySpan<char> text, out double number, out int consumed)
    {
        var i = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        var digits = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++, digits++)
        {
        }

        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length && char.IsAsciiDigit(text[i]); i++, digits++)
            {
            }
        }

        if (digits > 0 && i + 1 < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            j += text[j] is '+' or '-' ? 1 : 0;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                for (; j < text.Length && char.IsAsciiDigit(text[j]); j++)
                {
                }

                i = j;
            }
        }

        consumed = i;
        number = 0;
        return digits > 0 && double.TryParse(text[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// Converts <paramref name="number"/> given in <paramref name="unitText"/> (case-sensitive, as in PostgreSQL) to
    /// <paramref name="unit"/>; a fraction is first rounded to a whole number of the next smaller unit, so "1.5min" is
    /// 90 seconds and "0.5s" rounds to 1 second.
    /// </summary>
    private static bool TryConvertUnit(double number, ReadOnlySpan<char> unitText, SettingUnit unit, out double converted)
    {
        converted = 0;
        ReadOnlySpan<(string Name, double Factor)> units = unit == SettingUnit.Bytes ? ByteUnits : TimeUnitsInMilliseconds;
        for (var i = 0; i < units.Length; i++)
        {
            if (!unitText.SequenceEqual(units[i].Name))
            {
                continue;
            }

            var baseFactor = unit switch
            {
                SettingUnit.Seconds => 1000.0,
                _ => 1.0,
            };
            var value = number * units[i].Factor / baseFactor;
            if (i + 1 < units.Length)
            {
                var smaller = units[i + 1].Factor / baseFactor;
                value = Math.Round(value / smaller, MidpointRounding.ToEven) * smaller;
            }

            converted = value;
            return true;
        }

        return false;
    }

    // Largest first, as the rounding to the next smaller unit needs.
    private static readonly (string Name, double Factor)[] ByteUnits =
    [
        ("TB", 1024.0 * 1024 * 1024 * 1024),
        ("GB", 1024.0 * 1024 * 1024),
        ("MB", 1024.0 * 1024),
        ("kB", 1024.0),
        ("B", 1.0),
    ];

    private static readonly (string Name, double Factor)[] TimeUnitsInMilliseconds =
    [
        ("d", 86_400_000.0),
        ("h", 3_600_000.0),
        ("min", 60_000.0),
        ("s", 1000.0),
        ("ms", 1.0),
        ("us", 0.001),
    ];
}
