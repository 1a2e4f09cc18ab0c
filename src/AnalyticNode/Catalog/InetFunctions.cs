using System.Text;
using DuckDB.NET.Data;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// PostgreSQL's inet and cidr functions and operators (network.c) as DuckDB scalar functions over the values' text:
/// the replicator stores inet and cidr as PostgreSQL prints them, and DuckDB's own inet type lives in an extension
/// that cannot be installed here. Each function parses the text with <see cref="PgText"/>'s inet input and gives
/// PostgreSQL's output text, number or truth value.
/// </summary>
internal static class InetFunctions
{
    public const string Prefix = "htap_inet_";

    /// <summary>Registers the functions in <paramref name="connection"/>'s database, where every connection sees them.</summary>
    public static void Register(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        StrictFunctions.Register<string, bool, string>(connection, Prefix + "in", (text, isCidr) => isCidr ? Cidr(Parse(text, cidr: true)) : Inet(Parse(text)));
        StrictFunctions.Register<string, string>(connection, Prefix + "host", text => Inet(Parse(text), withPrefix: false));
        StrictFunctions.Register<string, string>(connection, Prefix + "text", text => Cidr(Parse(text)));
        StrictFunctions.Register<string, bool, string>(connection, Prefix + "abbrev", (text, isCidr) => isCidr ? Abbrev(Parse(text)) : Inet(Parse(text)));
        StrictFunctions.Register<string, string>(connection, Prefix + "network", text => Cidr(Network(Parse(text))));
        StrictFunctions.Register<string, string>(connection, Prefix + "broadcast", text =>
        {
            var value = Parse(text);
            return Inet(new PgInet(value.Address | PgInetMasks.Host(value), value.IsIPv6, value.PrefixLength));
        });
        StrictFunctions.Register<string, string>(connection, Prefix + "netmask", text =>
        {
            var value = Parse(text);
            return Inet(new PgInet(PgInetMasks.Net(value), value.IsIPv6, value.MaxPrefixLength));
        });
        StrictFunctions.Register<string, string>(connection, Prefix + "hostmask", text =>
        {
            var value = Parse(text);
            return Inet(new PgInet(PgInetMasks.Host(value), value.IsIPv6, value.MaxPrefixLength));
        });
        StrictFunctions.Register<string, int, bool, string>(connection, Prefix + "set_masklen", (text, length, isCidr) => SetMasklen(Parse(text), length, isCidr));
        StrictFunctions.Register<string, string, int>(connection, Prefix + "cmp", (left, right) => Compare(Parse(left), Parse(right)));
        StrictFunctions.Register<string, string, bool>(connection, Prefix + "sub", (left, right) => Contains(Parse(right), Parse(left), strict: true));
        StrictFunctions.Register<string, string, bool>(connection, Prefix + "subeq", (left, right) => Contains(Parse(right), Parse(left), strict: false));
        StrictFunctions.Register<string, string, bool>(connection, Prefix + "sup", (left, right) => Contains(Parse(left), Parse(right), strict: true));
        StrictFunctions.Register<string, string, bool>(connection, Prefix + "supeq", (left, right) => Contains(Parse(left), Parse(right), strict: false));
        StrictFunctions.Register<string, string, bool>(connection, Prefix + "overlap", (left, right) =>
        {
            var (a, b) = (Parse(left), Parse(right));
            return a.IsIPv6 == b.IsIPv6 && SamePrefix(a, b, Math.Min(a.PrefixLength, b.PrefixLength));
        });
    }

    /// <summary>inet_in or cidr_in of <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is no such value.</exception>
    internal static PgInet Parse(string text, bool cidr = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (!PgText.TryParseInet(bytes, out var value))
        {
            throw new FormatException($"invalid input syntax for type {(cidr ? "cidr" : "inet")}: \"{text}\"");
        }

        if (cidr && !PgText.TryParseCidr(bytes, out value))
        {
            throw new FormatException($"invalid cidr value: \"{text}\"");
        }

        return value;
    }

    internal static string Inet(PgInet value, bool withPrefix = true)
    {
        Span<byte> buffer = stackalloc byte[64];
        var text = PgText.TryFormatInet(withPrefix ? value : new PgInet(value.Address, value.IsIPv6, value.MaxPrefixLength), buffer, out var written)
            ? buffer[..written] : throw new InvalidOperationException("inet text too long");
        return Encoding.UTF8.GetString(text);
    }

    internal static string Cidr(PgInet value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return PgText.TryFormatCidr(value, buffer, out var written)
            ? Encoding.UTF8.GetString(buffer[..written]) : throw new InvalidOperationException("cidr text too long");
    }

    private static PgInet Network(PgInet value) => new(value.Address & PgInetMasks.Net(value), value.IsIPv6, value.PrefixLength);

    /// <summary>cidr_abbrev (inet_cidr_ntop): IPv4 as the octets the netmask covers; IPv6 is not abbreviated here.</summary>
    private static string Abbrev(PgInet value)
    {
        if (value.IsIPv6)
        {
            throw new NotSupportedException("abbrev(cidr) of an IPv6 network is not supported by the analytic node");
        }

        var address = (uint)value.Address;
        var octets = new List<string>();
        var bits = value.PrefixLength;
        if (bits == 0)
        {
            octets.Add("0");
        }

        for (var i = 0; i < bits / 8; i++)
        {
            octets.Add(((address >> (24 - (8 * i))) & 0xFF).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (bits % 8 > 0)
        {
            var mask = ((1u << (bits % 8)) - 1) << (8 - (bits % 8));
            octets.Add(((address >> (24 - (8 * (bits / 8)))) & mask).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return string.Join('.', octets) + "/" + bits.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string SetMasklen(PgInet value, int length, bool isCidr)
    {
        if (length == -1)
        {
            length = value.MaxPrefixLength;
        }

        if (length < 0 || length > value.MaxPrefixLength)
        {
            throw new ArgumentException($"invalid mask length: {length}");
        }

        var result = new PgInet(value.Address, value.IsIPv6, length);
        return isCidr ? Cidr(Network(result)) : Inet(result);
    }

    /// <summary>network_cmp: family, then the addresses over the shorter netmask, then the netmask, then the whole address.</summary>
    private static int Compare(PgInet left, PgInet right)
    {
        if (left.IsIPv6 != right.IsIPv6)
        {
            return left.IsIPv6 ? 1 : -1;
        }

        var order = PrefixBits(left, Math.Min(left.PrefixLength, right.PrefixLength)).CompareTo(PrefixBits(right, Math.Min(left.PrefixLength, right.PrefixLength)));
        if (order != 0)
        {
            return Math.Sign(order);
        }

        order = left.PrefixLength.CompareTo(right.PrefixLength);
        return order != 0 ? Math.Sign(order) : Math.Sign(left.Address.CompareTo(right.Address));
    }

    /// <summary>Whether <paramref name="outer"/> contains <paramref name="inner"/> (network_sup, network_supeq).</summary>
    private static bool Contains(PgInet outer, PgInet inner, bool strict) =>
        outer.IsIPv6 == inner.IsIPv6
        && (strict ? outer.PrefixLength < inner.PrefixLength : outer.PrefixLength <= inner.PrefixLength)
        && SamePrefix(outer, inner, outer.PrefixLength);

    private static bool SamePrefix(PgInet left, PgInet right, int bits) => PrefixBits(left, bits) == PrefixBits(right, bits);

    private static UInt128 PrefixBits(PgInet value, int bits) => bits == 0 ? 0 : value.Address >> (value.MaxPrefixLength - bits);
}

/// <summary>The netmask and host mask of an inet value, as PostgreSQL's netmask() and hostmask() give them.</summary>
internal static class PgInetMasks
{
    private static UInt128 All(PgInet value) => value.IsIPv6 ? UInt128.MaxValue : uint.MaxValue;

    public static UInt128 Host(PgInet value) =>
        value.PrefixLength >= value.MaxPrefixLength ? 0 : (UInt128.One << (value.MaxPrefixLength - value.PrefixLength)) - 1;

    public static UInt128 Net(PgInet value) => All(value) & ~Host(value);
}
