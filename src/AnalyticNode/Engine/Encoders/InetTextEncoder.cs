using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>
/// inet or cidr from a VARCHAR that holds PostgreSQL's text of the value (the replicator stores them so, and the
/// node's inet functions give it): the text as it is, or parsed into inet_send's or cidr_send's binary form.
/// </summary>
internal sealed class InetTextEncoder(bool isCidr) : ValueEncoder(0, 0)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatText(ReadString(row), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        return PgText.TryParseInet(ReadString(row), out var value)
            && (isCidr ? PgBinary.TryWriteCidr(value, destination, out bytesWritten) : PgBinary.TryWriteInet(value, destination, out bytesWritten));
    }

    protected override int VariableTextLength(ulong row) => ReadString(row).Length;

    /// <summary>Family, bits, is_cidr and length, and at most 16 bytes of address.</summary>
    protected override int VariableBinaryLength(ulong row) => 20;
}
