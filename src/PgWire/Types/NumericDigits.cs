namespace HtapRouter.PgWire.Types;

/// <summary>Conversions between decimal digit strings and numeric's base-10000 digits.</summary>
internal static class NumericDigits
{
    private static readonly short[] s_powersOfTen = [1, 10, 100, 1000];

    /// <summary>
    /// Groups ASCII decimal digits into base-10000 digits aligned on the decimal point, dropping
    /// leading and trailing zero groups as PostgreSQL does. <paramref name="integerDigits"/> is how
    /// many of the digits stand before the point (negative or beyond the length for scaled values).
    /// Returns the number of groups; zero has none and weight 0.
    /// </summary>
    public static int ToBase10000(ReadOnlySpan<byte> digits, int integerDigits, Span<short> groups, out int weight)
    {
        var first = 0;
        while (first < digits.Length && digits[first] == '0')
        {
            first++;
        }

        var last = digits.Length - 1;
        while (last >= first && digits[last] == '0')
        {
            last--;
        }

        weight = 0;
        if (first > last)
        {
            return 0;
        }

        // Decimal place p (10^p) belongs to base-10000 digit of weight floor(p / 4).
        var topWeight = FloorDiv4(integerDigits - 1 - first);
        var bottomWeight = FloorDiv4(integerDigits - 1 - last);
        var count = topWeight - bottomWeight + 1;
        groups[..count].Clear();
        for (var i = first; i <= last; i++)
        {
            var place = integerDigits - 1 - i;
            var groupWeight = FloorDiv4(place);
            groups[topWeight - groupWeight] += (short)((digits[i] - '0') * s_powersOfTen[place - (groupWeight * 4)]);
        }

        weight = topWeight;
        return count;
    }

    /// <summary>The decimal digit at place 10^<paramref name="place"/> of base-10000 digits with the given weight.</summary>
    public static int DigitAt(ReadOnlySpan<short> digits, int weight, int place)
    {
        var groupWeight = FloorDiv4(place);
        var index = weight - groupWeight;
        if (index < 0 || index >= digits.Length)
        {
            return 0;
        }

        return digits[index] / s_powersOfTen[place - (groupWeight * 4)] % 10;
    }

    /// <summary>True when any decimal digit below place 10^<paramref name="place"/> is non-zero.</summary>
    public static bool HasDigitsBelow(ReadOnlySpan<short> digits, int weight, int place)
    {
        for (var k = 0; k < digits.Length; k++)
        {
            var lowestPlace = (weight - k) * 4;
            if (lowestPlace + 3 < place ? digits[k] != 0 : lowestPlace < place && digits[k] % s_powersOfTen[place - lowestPlace] != 0)
            {
                return true;
            }
        }

        return false;
    }

    public static int FloorDiv4(int value) => value >= 0 ? value / 4 : -((-value + 3) / 4);
}
