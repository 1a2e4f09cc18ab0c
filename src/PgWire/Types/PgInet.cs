using System.Net;
using System.Net.Sockets;

namespace HtapRouter.PgWire.Types;

/// <summary>
/// An inet or cidr value: an IPv4 or IPv6 address and a netmask length. The address is held as a
/// big-endian number in the low 32 (IPv4) or all 128 bits, so the struct needs no heap.
/// </summary>
public readonly record struct PgInet
{
    public PgInet(UInt128 address, bool isIPv6, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, isIPv6 ? 128 : 32);
        if (!isIPv6 && address > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(address), "An IPv4 address has 32 bits.");
        }

        Address = address;
        IsIPv6 = isIPv6;
        PrefixLength = (byte)prefixLength;
    }

    public UInt128 Address { get; }

    public bool IsIPv6 { get; }

    /// <summary>Netmask length in bits; 32 or 128 for a single host.</summary>
    public int PrefixLength { get; }

    public int MaxPrefixLength => IsIPv6 ? 128 : 32;

    /// <summary>True when bits right of the netmask are zero, as a cidr value requires.</summary>
    public bool IsValidCidr => PrefixLength == MaxPrefixLength || (Address & (HostMask(PrefixLength, MaxPrefixLength))) == 0;

    public static PgInet FromIPAddress(IPAddress address, int? prefixLength = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        var isIPv6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        return new PgInet(ReadAddress(bytes[..length]), isIPv6, prefixLength ?? (isIPv6 ? 128 : 32));
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        WriteAddress(bytes);
        return new IPAddress(bytes[..AddressLength]);
    }

    internal int AddressLength => IsIPv6 ? 16 : 4;

    internal static UInt128 ReadAddress(ReadOnlySpan<byte> bytes)
    {
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    internal void WriteAddress(Span<byte> destination)
    {
        for (var i = AddressLength - 1; i >= 0; i--)
        {
            destination[i] = (byte)(Address >> ((AddressLength - 1 - i) * 8));
        }
    }

    internal static UInt128 HostMask(int prefixLength, int maxPrefixLength) =>
        prefixLength >= maxPrefixLength ? 0 : (UInt128.One << (maxPrefixLength - prefixLength)) - 1;
}
