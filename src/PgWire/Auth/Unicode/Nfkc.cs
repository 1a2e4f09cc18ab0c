namespace HtapRouter.PgWire.Auth.Unicode;

/// <summary>Unicode Normalization Form KC (UAX #15) over code points.</summary>
/// <remarks>
/// <see cref="string.Normalize(System.Text.NormalizationForm)"/> returns its input unchanged when
/// InvariantGlobalization is on, as it is in this build, so SASLprep carries its own tables, generated
/// for the Unicode version PostgreSQL 15 normalises with (see generate-tables.py).
/// </remarks>
internal static class Nfkc
{
    private const int SBase = 0xAC00;
    private const int LBase = 0x1100;
    private const int VBase = 0x1161;
    private const int TBase = 0x11A7;
    private const int LCount = 19;
    private const int VCount = 21;
    private const int TCount = 28;
    private const int NCount = VCount * TCount;
    private const int SCount = LCount * NCount;

    public static List<int> Normalize(ReadOnlySpan<int> codePoints)
    {
        var decomposed = new List<int>(codePoints.Length);
        foreach (int codePoint in codePoints)
        {
            Decompose(codePoint, decomposed);
        }

        SortCanonically(decomposed);
        return Compose(decomposed);
    }

    internal static int CombiningClass(int codePoint)
    {
        ReadOnlySpan<int> ranges = NfkcTables.CombiningClassRanges;
        int low = 0;
        int high = (ranges.Length / 3) - 1;
        while (low <= high)
        {
            int mid = (low + high) >>> 1;
            if (codePoint < ranges[mid * 3])
            {
                high = mid - 1;
            }
            else if (codePoint > ranges[(mid * 3) + 1])
            {
                low = mid + 1;
            }
            else
            {
                return ranges[(mid * 3) + 2];
            }
        }

        return 0;
    }

    private static void Decompose(int codePoint, List<int> output)
    {
        int syllable = codePoint - SBase;
        if ((uint)syllable < SCount)
        {
            output.Add(LBase + (syllable / NCount));
            output.Add(VBase + (syllable % NCount / TCount));
            if (syllable % TCount != 0)
            {
                output.Add(TBase + (syllable % TCount));
            }

            return;
        }

        int index = NfkcTables.DecompositionKeys.BinarySearch(codePoint);
        if (index < 0)
        {
            output.Add(codePoint);
            return;
        }

        ReadOnlySpan<ushort> offsets = NfkcTables.DecompositionOffsets;
        foreach (int mapped in NfkcTables.DecompositionData[offsets[index]..offsets[index + 1]])
        {
            output.Add(mapped);
        }
    }

    // Stable sort of each run of non-starters by combining class (canonical ordering algorithm).
    private static void SortCanonically(List<int> codePoints)
    {
        for (int i = 1; i < codePoints.Count; i++)
        {
            int current = codePoints[i];
            int currentClass = CombiningClass(current);
            if (currentClass == 0)
            {
                continue;
            }

            int j = i;
            while (j > 0 && CombiningClass(codePoints[j - 1]) > currentClass)
            {
                codePoints[j] = codePoints[j - 1];
                j--;
            }

            codePoints[j] = current;
        }
    }

    // Canonical composition: each character joins the last starter unless a character in between blocks it.
    private static List<int> Compose(List<int> decomposed)
    {
        var result = new List<int>(decomposed.Count);
        int starter = -1;
        int lastClass = 0;
        foreach (int codePoint in decomposed)
        {
            int combiningClass = CombiningClass(codePoint);
            bool adjacent = starter == result.Count - 1;
            if (starter >= 0 && (adjacent || lastClass < combiningClass)
                && TryCompose(result[starter], codePoint, out int composite))
            {
                result[starter] = composite;
                continue;
            }

            if (combiningClass == 0)
            {
                starter = result.Count;
            }

            lastClass = combiningClass;
            result.Add(codePoint);
        }

        return result;
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        int lIndex = first - LBase;
        int vIndex = second - VBase;
        if ((uint)lIndex < LCount && (uint)vIndex < VCount)
        {
            composite = SBase + (((lIndex * VCount) + vIndex) * TCount);
            return true;
        }

        // UAX #15 wants tIndex > 0, but PostgreSQL (server and libpq) also joins U+11A7 itself, dropping it;
        // doing the same keeps password hashes identical to theirs.
        int sIndex = first - SBase;
        int tIndex = second - TBase;
        if ((uint)sIndex < SCount && sIndex % TCount == 0 && tIndex >= 0 && tIndex < TCount)
        {
            composite = first + tIndex;
            return true;
        }

        int index = NfkcTables.CompositionPairs.BinarySearch(((long)first << 21) | (uint)second);
        composite = index >= 0 ? NfkcTables.CompositionResults[index] : 0;
        return index >= 0;
    }
}
