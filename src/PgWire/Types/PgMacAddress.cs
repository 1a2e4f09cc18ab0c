namespace HtapRouter.PgWire.Types;

/// <summary>A macaddr: six bytes, held in the low 48 bits of a number, first byte most significant.</summary>
public readonly record struct PgMacAddress
{
    public PgMacAddress(ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 0xFFFF_FFFF_FFFFUL);
        Value = value;
    }

    public ulong Value { get; }

    public static PgMacAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(bytes.Length, 6);
        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return new PgMacAddress(value);
    }

    public void WriteBytes(Span<byte> destination)
    {
        for (var i = 0; i < 6; i++)
        {
            destination[i] = (byte)(Value >> ((5 - i) * 8));
        }
    }
}
