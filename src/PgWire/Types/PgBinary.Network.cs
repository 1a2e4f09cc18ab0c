namespace HtapRouter.PgWire.Types;

public static partial class PgBinary
{
    // PGSQL_AF_INET and PGSQL_AF_INET6: PostgreSQL's own family codes, not the OS's AF_* values.
    private const byte FamilyIPv4 = 2;
    private const byte FamilyIPv6 = 3;

    /// <summary>inet_send: family, bits, is_cidr (0), address length, address.</summary>
    public static bool TryWriteInet(PgInet value, Span<byte> destination, out int bytesWritten) =>
        TryWriteNetwork(value, isCidr: false, destination, out bytesWritten);

    /// <summary>cidr_send: as inet with is_cidr 1.</summary>
    public static bool TryWriteCidr(PgInet value, Span<byte> destination, out int bytesWritten) =>
        TryWriteNetwork(value, isCidr: true, destination, out bytesWritten);

    /// <summary>inet_recv and cidr_recv (which share a layout); cidr input must have no bits right of the mask.</summary>
    public static bool TryReadInet(ReadOnlySpan<byte> source, out PgInet value, out bool isCidr)
    {
        value = default;
        isCidr = false;
        if (source.Length < 4 || source[0] is not (FamilyIPv4 or FamilyIPv6))
        {
            return false;
        }

        var isIPv6 = source[0] == FamilyIPv6;
        var length = isIPv6 ? 16 : 4;
        if (source[3] != length || source.Length != 4 + length || source[1] > length * 8 || source[2] > 1)
        {
            return false;
        }

        isCidr = source[2] == 1;
        value = new PgInet(PgInet.ReadAddress(source[4..]), isIPv6, source[1]);
        return !isCidr || value.IsValidCidr;
    }

    private static bool TryWriteNetwork(PgInet value, bool isCidr, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        var length = value.AddressLength;
        if (destination.Length < 4 + length)
        {
            return false;
        }

        destination[0] = value.IsIPv6 ? FamilyIPv6 : FamilyIPv4;
        destination[1] = (byte)value.PrefixLength;
        destination[2] = isCidr ? (byte)1 : (byte)0;
        destination[3] = (byte)length;
        value.WriteAddress(destination[4..]);
        bytesWritten = 4 + length;
        return true;
    }
}
