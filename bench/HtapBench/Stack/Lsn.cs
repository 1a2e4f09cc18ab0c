using System.Globalization;

namespace HtapRouter.Bench.Stack;

/// <summary>pg_lsn values as PostgreSQL prints them ("16/B374D848") and as 64-bit positions.</summary>
public static class Lsn
{
    public static ulong Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            ? (ulong.Parse(text.AsSpan(0, slash), NumberStyles.HexNumber, CultureInfo.InvariantCulture) << 32) |
              ulong.Parse(text.AsSpan(slash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : throw new FormatException($"'{text}' is not a pg_lsn.");
    }

    public static string Format(ulong lsn) => string.Create(CultureInfo.InvariantCulture, $"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}");
}
