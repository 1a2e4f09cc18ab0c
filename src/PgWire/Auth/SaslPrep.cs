using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using HtapRouter.PgWire.Auth.Unicode;

namespace HtapRouter.PgWire.Auth;

/// <summary>SASLprep (RFC 4013) of passwords, exactly as PostgreSQL's pg_saslprep applies it.</summary>
/// <remarks>
/// PostgreSQL departs from the RFC in ways a compatible peer must copy: pure ASCII passes unchanged
/// (control characters included); the prohibited-character and bidirectional checks look at the
/// mapped input rather than the normalised output; an input that maps to nothing is refused; and
/// whoever hashes a password uses its raw bytes whenever SASLprep refuses it.
/// </remarks>
public static class SaslPrep
{
    /// <summary>
    /// Applies SASLprep to UTF-8 <paramref name="password"/>. Returns false, as PostgreSQL does, when the
    /// input is not valid UTF-8 or is prohibited.
    /// </summary>
    public static bool TryNormalize(ReadOnlySpan<byte> password, [NotNullWhen(true)] out byte[]? normalized)
    {
        if (Ascii.IsValid(password))
        {
            normalized = password.ToArray();
            return true;
        }

        normalized = null;
        if (!TryDecode(password, out List<int>? mapped))
        {
            return false;
        }

        if (mapped.Count == 0 || !IsAllowed(CollectionsMarshal.AsSpan(mapped)))
        {
            return false;
        }

        normalized = Encode(Nfkc.Normalize(CollectionsMarshal.AsSpan(mapped)));
        return true;
    }

    /// <summary>
    /// The bytes PostgreSQL feeds to SCRAM for <paramref name="password"/>: its SASLprep form, or the raw
    /// bytes when SASLprep refuses it.
    /// </summary>
    public static byte[] PreparePassword(ReadOnlySpan<byte> password)
        => TryNormalize(password, out byte[]? normalized) ? normalized : password.ToArray();

    /// <inheritdoc cref="PreparePassword(ReadOnlySpan{byte})"/>
    public static byte[] PreparePassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return PreparePassword(Encoding.UTF8.GetBytes(password));
    }

    // Decodes and applies the RFC 4013 section 2.1 mapping in one pass.
    private static bool TryDecode(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out List<int>? mapped)
    {
        mapped = new List<int>(utf8.Length);
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out Rune rune, out int consumed) != OperationStatus.Done)
            {
                mapped = null;
                return false;
            }

            utf8 = utf8[consumed..];
            int codePoint = rune.Value;
            if (InRanges(StringPrepTables.NonAsciiSpace, codePoint))
            {
                mapped.Add(' ');
            }
            else if (!InRanges(StringPrepTables.MappedToNothing, codePoint))
            {
                mapped.Add(codePoint);
            }
        }

        return true;
    }

    private static bool IsAllowed(ReadOnlySpan<int> mapped)
    {
        bool hasRandAL = false;
        foreach (int codePoint in mapped)
        {
            if (InRanges(StringPrepTables.Prohibited, codePoint))
            {
                return false;
            }

            hasRandAL |= InRanges(StringPrepTables.RandALCat, codePoint);
        }

        if (!hasRandAL)
        {
            return true;
        }

        // RFC 3454 section 6: right-to-left text holds no left-to-right character and starts and ends right-to-left.
        foreach (int codePoint in mapped)
        {
            if (InRanges(StringPrepTables.LCat, codePoint))
            {
                return false;
            }
        }

        return InRanges(StringPrepTables.RandALCat, mapped[0]) && InRanges(StringPrepTables.RandALCat, mapped[^1]);
    }

    private static byte[] Encode(List<int> codePoints)
    {
        int length = 0;
        foreach (int codePoint in codePoints)
        {
            length += new Rune(codePoint).Utf8SequenceLength;
        }

        byte[] result = new byte[length];
        int written = 0;
        foreach (int codePoint in codePoints)
        {
            written += new Rune(codePoint).EncodeToUtf8(result.AsSpan(written));
        }

        return result;
    }

    private static bool InRanges(ReadOnlySpan<int> ranges, int codePoint)
    {
        int low = 0;
        int high = (ranges.Length / 2) - 1;
        while (low <= high)
        {
            int mid = (low + high) >>> 1;
            if (codePoint < ranges[mid * 2])
            {
                high = mid - 1;
            }
            else if (codePoint > ranges[(mid * 2) + 1])
            {
                low = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }
}
