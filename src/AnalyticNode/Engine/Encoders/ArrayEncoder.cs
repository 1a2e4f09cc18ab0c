using DuckDB.NET.Native;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>
/// A one-dimensional PostgreSQL array from a DuckDB LIST (entries of offset and length into a child
/// vector) or fixed-size ARRAY (row × size). Elements are encoded by the element type's encoder,
/// in place for binary, through a reused scratch buffer for text (array_out quotes them).
/// </summary>
internal sealed unsafe class ArrayEncoder(ValueEncoder element, uint elementOid, int fixedSize) : ValueEncoder(0, 0)
{
    private const int BinaryHeaderLength = 20;
    private const int NullTextLength = 4;

    private byte[] _scratch = new byte[256];

    public override void Bind(IntPtr vector)
    {
        base.Bind(vector);
        element.Bind(fixedSize > 0
            ? NativeMethods.Vectors.DuckDBArrayVectorGetChild(vector)
            : NativeMethods.Vectors.DuckDBListVectorGetChild(vector));
    }

    public override void Configure(PgFormatSettings settings)
    {
        base.Configure(settings);
        element.Configure(settings);
    }

    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten)
    {
        var (offset, count) = Entry(row);
        var writer = new PgTextArrayWriter(destination);
        for (var i = offset; i < offset + count; i++)
        {
            if (element.IsNull(i))
            {
                writer.WriteNull();
                continue;
            }

            int length;
            while (!element.TryWriteText(i, _scratch, out length))
            {
                _scratch = new byte[_scratch.Length * 2];
            }

            writer.WriteElement(_scratch.AsSpan(0, length));
        }

        return writer.TryComplete(out bytesWritten);
    }

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten)
    {
        var (offset, count) = Entry(row);
        var hasNulls = false;
        for (var i = offset; i < offset + count && !hasNulls; i++)
        {
            hasNulls = element.IsNull(i);
        }

        var writer = new PgBinaryArrayWriter(destination, elementOid, (int)count, hasNulls);
        for (var i = offset; i < offset + count; i++)
        {
            if (element.IsNull(i))
            {
                writer.WriteNull();
            }
            else if (element.TryWriteBinary(i, writer.BeginElement(), out var length))
            {
                writer.EndElement(length);
            }
            else
            {
                bytesWritten = 0;
                return false;
            }
        }

        return writer.TryComplete(out bytesWritten);
    }

    /// <summary>Each element may need quotes and an escape per byte, plus a delimiter.</summary>
    protected override int VariableTextLength(ulong row)
    {
        var (offset, count) = Entry(row);
        var length = 2;
        for (var i = offset; i < offset + count; i++)
        {
            length += 1 + (element.IsNull(i) ? NullTextLength : 2 + (2 * element.TextLengthHint(i)));
        }

        return length;
    }

    protected override int VariableBinaryLength(ulong row)
    {
        var (offset, count) = Entry(row);
        var length = BinaryHeaderLength;
        for (var i = offset; i < offset + count; i++)
        {
            length += sizeof(int) + (element.IsNull(i) ? 0 : element.BinaryLengthHint(i));
        }

        return length;
    }

    /// <summary>A LIST entry is duckdb_list_entry { uint64 offset; uint64 length; }.</summary>
    private (ulong Offset, ulong Count) Entry(ulong row)
    {
        if (fixedSize > 0)
        {
            return (row * (ulong)fixedSize, (ulong)fixedSize);
        }

        var entry = (ulong*)(Data + (row * 16));
        return (entry[0], entry[1]);
    }
}
