using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>
/// bpchar from a VARCHAR stored without trailing blanks: the UTF-8 bytes padded with blanks to the column's width
/// in characters, in both formats (bpchar's binary form is its text).
/// </summary>
internal sealed class PaddedCharEncoder(int width) : ValueEncoder(0, 0)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        TryWrite(ReadString(row), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        TryWrite(ReadString(row), destination, out bytesWritten);

    protected override int VariableTextLength(ulong row) => PaddedLength(ReadString(row));

    protected override int VariableBinaryLength(ulong row) => PaddedLength(ReadString(row));

    private bool TryWrite(ReadOnlySpan<byte> value, Span<byte> destination, out int bytesWritten)
    {
        var padding = Padding(value);
        if (!PgText.TryFormatText(value, destination, out bytesWritten) || destination.Length - bytesWritten < padding)
        {
            bytesWritten = 0;
            return false;
        }

        destination.Slice(bytesWritten, padding).Fill((byte)' ');
        bytesWritten += padding;
        return true;
    }

    private int PaddedLength(ReadOnlySpan<byte> value) => value.Length + Padding(value);

    /// <summary>Blanks to add: the width less the characters there are (UTF-8 bytes that do not continue a character).</summary>
    private int Padding(ReadOnlySpan<byte> value)
    {
        var characters = value.Length;
        foreach (var b in value)
        {
            if ((b & 0xC0) == 0x80)
            {
                characters--;
            }
        }

        return Math.Max(0, width - characters);
    }
}
