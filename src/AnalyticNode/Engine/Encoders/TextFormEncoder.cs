using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>
/// Sends a value's text in both formats. Used when a column was described as text (DuckDB could not
/// tell its type before parameters were bound) but executes as another type: a client that asked for
/// binary text must receive text bytes, not the other type's binary form.
/// </summary>
internal sealed class TextFormEncoder(ValueEncoder inner) : ValueEncoder(inner.FixedTextLength, inner.FixedTextLength)
{
    public override void Bind(IntPtr vector)
    {
        base.Bind(vector);
        inner.Bind(vector);
    }

    public override void Configure(PgFormatSettings settings)
    {
        base.Configure(settings);
        inner.Configure(settings);
    }

    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        inner.TryWriteText(row, destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten) =>
        inner.TryWriteText(row, destination, out bytesWritten);

    protected override int VariableTextLength(ulong row) => inner.TextLengthHint(row);

    protected override int VariableBinaryLength(ulong row) => inner.TextLengthHint(row);
}
