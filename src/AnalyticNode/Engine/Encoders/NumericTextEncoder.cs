using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>
/// numeric from a VARCHAR the query computed in PostgreSQL's numeric text form, where the scale depends on the value
/// (avg, which DuckDB would give as a double): the text as it is, or parsed into numeric's binary form.
/// </summary>
internal sealed class NumericTextEncoder() : ValueEncoder(0, 0)
{
    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) =>
        PgText.TryFormatText(ReadString(row), destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        return PgText.TryParseNumeric(ReadString(row), out var numeric) && PgBinary.TryWriteNumeric(numeric, destination, out bytesWritten);
    }

    protected override int VariableTextLength(ulong row) => ReadString(row).Length;

    /// <summary>The header's four words, and at most one 4-digit group word per character and two more.</summary>
    protected override int VariableBinaryLength(ulong row) => 8 + (2 * (ReadString(row).Length + 2));
}
