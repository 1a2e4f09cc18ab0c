using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>text and json from VARCHAR: the UTF-8 bytes as they are, in both formats (json's binary form is its text).</summary>
internal sealed class VarcharEncoder() : ValueEncoder(0, 0)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatText(ReadString(row), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatText(ReadString(row), destination, out bytesWritten);

    protected override int VariableTextLength(ulong row) => ReadString(row).Length;

    protected override int VariableBinaryLength(ulong row) => ReadString(row).Length;
}

/// <summary>jsonb from VARCHAR or JSON holding jsonb_out's text: the text, and in binary a version byte before it.</summary>
internal sealed class JsonbEncoder() : ValueEncoder(0, 0)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatText(ReadString(row), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteJsonb(ReadString(row), destination, out bytesWritten);

    protected override int VariableTextLength(ulong row) => ReadString(row).Length;

    protected override int VariableBinaryLength(ulong row) => 1 + ReadString(row).Length;
}

/// <summary>bytea from BLOB: "\x" and hex in text (bytea_output = hex), the bytes in binary.</summary>
internal sealed class ByteaEncoder() : ValueEncoder(0, 0)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatBytea(ReadString(row), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgBinary.TryWriteBytes(ReadString(row), destination, out bytesWritten);

    protected override int VariableTextLength(ulong row) => 2 + (2 * ReadString(row).Length);

    protected override int VariableBinaryLength(ulong row) => ReadString(row).Length;
}

/// <summary>text from ENUM: the vector holds dictionary indexes of width <typeparamref name="T"/>.</summary>
internal sealed class EnumEncoder<T>(byte[][] dictionary) : ValueEncoder(0, 0)
    where T : unmanaged, System.Numerics.IBinaryInteger<T>
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatText(Label(row), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatText(Label(row), destination, out bytesWritten);

    protected override int VariableTextLength(ulong row) => Label(row).Length;

    protected override int VariableBinaryLength(ulong row) => Label(row).Length;

    private byte[] Label(ulong row) => dictionary[int.CreateTruncating(Read<T>(row))];
}
