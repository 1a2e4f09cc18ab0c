namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    /// <summary>inet_out: the address, and "/n" only when n is not 32 (IPv4) or 128 (IPv6).</summary>
    public static bool TryFormatInet(PgInet value, Span<byte> destination, out int bytesWritten) =>
        TryFormatNetwork(value, value.PrefixLength != value.MaxPrefixLength, destination, out bytesWritten);

    /// <summary>cidr_out: the address and always "/n".</summary>
    public static bool TryFormatCidr(PgInet value, Span<byte> destination, out int bytesWritten) =>
        TryFormatNetwork(value, withPrefix: true, destination, out bytesWritten);

    /// <summary>macaddr_out: "08:00:2b:01:02:03".</summary>
    public static bool TryFormatMacAddress(PgMacAddress value, Span<byte> destination, out int bytesWritten)
    {
        var output = new Utf8Output(destination);
        for (var i = 5; i >= 0; i--)
        {
            WriteHexByte(ref output, (byte)(value.Value >> (i * 8)));
            if (i > 0)
            {
                output.Write((byte)':');
            }
        }

        return output.TryFinish(out bytesWritten);
    }

    private static bool TryFormatNetwork(PgInet value, bool withPrefix, Span<byte> destination, out int bytesWritten)
    {
        var output = new Utf8Output(destination);
        if (value.IsIPv6)
        {
            WriteIPv6(ref output, value.Address);
        }
        else
        {
            WriteIPv4(ref output, (uint)value.Address);
        }

        if (withPrefix)
        {
            output.Write((byte)'/');
            output.WriteDigits((ulong)value.PrefixLength);
        }

        return output.TryFinish(out bytesWritten);
    }

    private static void WriteIPv4(ref Utf8Output output, uint address)
    {
        for (var i = 3; i >= 0; i--)
        {
            output.WriteDigits((address >> (i * 8)) & 0xFF);
            if (i > 0)
            {
                output.Write((byte)'.');
            }
        }
    }

    /// <summary>
    /// IPv6 as PostgreSQL's inet_net_ntop prints it: lower-case hex, the first longest run of two or
    /// more zero words as "::", and the last 32 bits dotted for IPv4-compatible (::a.b.c.d) and
    /// IPv4-mapped (::ffff:a.b.c.d) addresses.
    /// </summary>
    private static void WriteIPv6(ref Utf8Output output, UInt128 address)
    {
        Span<ushort> words = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            words[i] = (ushort)(address >> ((7 - i) * 16));
        }

        FindLongestZeroRun(words, out var runStart, out var runLength);
        for (var i = 0; i < 8; i++)
        {
            if (runLength > 0 && i >= runStart && i < runStart + runLength)
            {
                if (i == runStart)
                {
                    output.Write((byte)':');
                }

                continue;
            }

            if (i != 0)
            {
                output.Write((byte)':');
            }

            if (i == 6 && runStart == 0 && (runLength == 6 || (runLength == 5 && words[5] == 0xFFFF)))
            {
                WriteIPv4(ref output, (uint)address);
                return;
            }

            WriteHexWord(ref output, words[i]);
        }

        if (runLength > 0 && runStart + runLength == 8)
        {
            output.Write((byte)':');
        }
    }

    private static void FindLongestZeroRun(ReadOnlySpan<ushort> words, out int runStart, out int runLength)
    {
        runStart = -1;
        runLength = 0;
        for (var i = 0; i < words.Length;)
        {
            var j = i;
            while (j < words.Length && words[j] == 0)
            {
                j++;
            }

            if (j - i > runLength && j - i >= 2)
            {
                runStart = i;
                runLength = j - i;
            }

            i = j == i ? i + 1 : j;
        }
    }

    private static void WriteHexWord(ref Utf8Output output, ushort word)
    {
        var started = false;
        for (var shift = 12; shift >= 0; shift -= 4)
        {
            var nibble = (word >> shift) & 0xF;
            if (started || nibble != 0 || shift == 0)
            {
                output.Write(HexDigit(nibble));
                started = true;
            }
        }
    }

    private static void WriteHexByte(ref Utf8Output output, byte value)
    {
        output.Write(HexDigit(value >> 4));
        output.Write(HexDigit(value & 0xF));
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
