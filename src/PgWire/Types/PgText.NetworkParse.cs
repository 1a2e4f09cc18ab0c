using System.Net;

namespace HtapRouter.PgWire.Types;

public static partial class PgText
{
    /// <summary>inet_in: "192.168.1.5/24", "10.0.0.1", "::1", "2001:db8::/32".</summary>
    public static bool TryParseInet(ReadOnlySpan<byte> text, out PgInet value) =>
        TryParseNetwork(text, isCidr: false, out value);

    /// <summary>cidr_in: as inet, but bits right of the mask must be zero; "10.1/16" and classful "10.1.2" are filled out.</summary>
    public static bool TryParseCidr(ReadOnlySpan<byte> text, out PgInet value) =>
        TryParseNetwork(text, isCidr: true, out value) && value.IsValidCidr;

    /// <summary>macaddr_in: "08:00:2b:01:02:03", with '-' too, "08002b:010203", "0800.2b01.0203", "08002b010203".</summary>
    public static bool TryParseMacAddress(ReadOnlySpan<byte> text, out PgMacAddress value)
    {
        value = default;
        text = Utf8Input.TrimSpaces(text);
        Span<int> groups = stackalloc int[6];
        var groupCount = 0;
        var separator = (byte)0;
        ulong bits = 0;
        var digits = 0;
        var groupLength = 0;
        foreach (var c in text)
        {
            if (HexValue(c) is var nibble and >= 0)
            {
                bits = (bits << 4) | (uint)nibble;
                digits++;
                groupLength++;
                continue;
            }

            if (c is not ((byte)':' or (byte)'-' or (byte)'.') || (separator != 0 && c != separator) || groupCount == 5)
            {
                return false;
            }

            separator = c;
            groups[groupCount++] = groupLength;
            groupLength = 0;
        }

        groups[groupCount++] = groupLength;
        var shape = groups[..groupCount];
        var valid = digits == 12 && (
            (groupCount == 1) ||
            (groupCount == 6 && separator is (byte)':' or (byte)'-' && !shape.ContainsAnyExcept(2)) ||
            (groupCount == 2 && separator is (byte)':' or (byte)'-' && !shape.ContainsAnyExcept(6)) ||
            (groupCount == 3 && separator is (byte)'.' or (byte)'-' && !shape.ContainsAnyExcept(4)));
        value = valid ? new PgMacAddress(bits) : default;
        return valid;
    }

    private static bool TryParseNetwork(ReadOnlySpan<byte> text, bool isCidr, out PgInet value)
    {
        value = default;
        text = Utf8Input.TrimSpaces(text);
        var slash = text.IndexOf((byte)'/');
        var addressText = slash < 0 ? text : text[..slash];
        var prefix = -1;
        if (slash >= 0 && (!TryParseInt4(text[(slash + 1)..], out prefix) || prefix < 0 || !Utf8Input.IsDigit(text[^1])))
        {
            return false;
        }

        if (addressText.Contains((byte)':'))
        {
            if (!TryParseIPv6(addressText, out var address) || prefix > 128)
            {
                return false;
            }

            value = new PgInet(address, isIPv6: true, prefix < 0 ? 128 : prefix);
            return true;
        }

        if (!TryParseIPv4(addressText, isCidr, out var v4, out var octets) || prefix > 32)
        {
            return false;
        }

        value = new PgInet(v4, isIPv6: false, prefix >= 0 ? prefix : octets == 4 ? 32 : ClassfulPrefix(v4, octets));
        return true;
    }

    /// <summary>Dotted decimal; cidr also accepts 1..3 octets, the rest taken as zero.</summary>
    private static bool TryParseIPv4(ReadOnlySpan<byte> text, bool allowShort, out uint address, out int octets)
    {
        address = 0;
        octets = 0;
        var input = new Utf8Input(text);
        do
        {
            if (!input.TryReadNumber(out var octet, out _, maxDigits: 3) || octet > 255)
            {
                return false;
            }

            address |= (uint)octet << (24 - (8 * octets));
            octets++;
        }
        while (octets < 4 && input.TryConsume((byte)'.'));

        return input.AtEnd && (octets == 4 || allowShort);
    }

    /// <summary>The pre-CIDR class of an abbreviated network, widened to cover the octets given (inet_net_pton).</summary>
    private static int ClassfulPrefix(uint address, int octets)
    {
        var first = address >> 24;
        var bits = first >= 240 ? 32 : first >= 224 ? 8 : first >= 192 ? 24 : first >= 128 ? 16 : 8;
        bits = Math.Max(bits, octets * 8);
        return bits == 8 && first == 224 ? 4 : bits;
    }

    private static bool TryParseIPv6(ReadOnlySpan<byte> text, out UInt128 address)
    {
        address = 0;
        Span<char> chars = stackalloc char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            // IPAddress also accepts scope ids ("%eth0") and brackets, which PostgreSQL does not.
            if (text[i] is (byte)'%' or (byte)'[' or (byte)']' or > 127)
            {
                return false;
            }

            chars[i] = (char)text[i];
        }

        if (!IPAddress.TryParse(chars, out var parsed) || parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = PgInet.FromIPAddress(parsed).Address;
        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
