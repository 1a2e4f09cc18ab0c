using System.Buffers.Binary;
using DuckDB.NET.Native;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>
/// A PostgreSQL array of <c>depth</c> dimensions from DuckDB LISTs of LISTs (<c>ARRAY[[1,2],[3,4]]</c>), elements
/// encoded by the innermost type's encoder. Text as array_out writes it, <c>{{1,2},{3,4}}</c>; binary as array_send,
/// with each dimension's length taken from its first sub-array, as PostgreSQL's arrays are rectangular.
/// </summary>
internal sealed unsafe class NestedArrayEncoder(ValueEncoder element, uint elementOid, int depth) : ValueEncoder(0, 0)
{
    private const int NullTextLength = 4;

    /// <summary>The list entries of each level below the column's own (level 0 is <see cref="ValueEncoder.Data"/>).</summary>
    private readonly ulong*[] _levels = new ulong*[depth];

    private readonly byte[][] _scratch = [.. Enumerable.Range(0, depth).Select(_ => new byte[256])];

    public override void Bind(IntPtr vector)
    {
        base.Bind(vector);
        for (var level = 0; level < depth; level++)
        {
            _levels[level] = (ulong*)NativeMethods.Vectors.DuckDBVectorGetData(vector);
            vector = NativeMethods.Vectors.DuckDBListVectorGetChild(vector);
        }

        element.Bind(vector);
    }

    public override void Configure(PgFormatSettings settings)
    {
        base.Configure(settings);
        element.Configure(settings);
    }

    public override bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten) => TryWriteText(0, row, destination, out bytesWritten);

    public override bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        var dimensions = new int[depth];
        var (index, hasNulls) = (row, false);
        for (var level = 0; level < depth; level++)
        {
            var (offset, count) = Entry(level, index);
            dimensions[level] = (int)count;
            if (count == 0)
            {
                dimensions = [];
                break;
            }

            index = offset;
        }

        var elements = new List<ulong>();
        Leaves(0, row, elements);
        foreach (var leaf in elements)
        {
            hasNulls |= element.IsNull(leaf);
        }

        var header = 12 + (8 * dimensions.Length);
        if (destination.Length < header)
        {
            return false;
        }

        BinaryPrimitives.WriteInt32BigEndian(destination, dimensions.Length);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], hasNulls ? 1 : 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], elementOid);
        for (var level = 0; level < dimensions.Length; level++)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination[(12 + (8 * level))..], dimensions[level]);
            BinaryPrimitives.WriteInt32BigEndian(destination[(16 + (8 * level))..], 1);
        }

        var position = header;
        foreach (var leaf in elements)
        {
            if (destination.Length < position + sizeof(int))
            {
                return false;
            }

            var length = -1;
            if (!element.IsNull(leaf) && !element.TryWriteBinary(leaf, destination[(position + sizeof(int))..], out length))
            {
                return false;
            }

            BinaryPrimitives.WriteInt32BigEndian(destination[position..], length);
            position += sizeof(int) + Math.Max(length, 0);
        }

        bytesWritten = position;
        return true;
    }

    protected override int VariableTextLength(ulong row)
    {
        var elements = new List<ulong>();
        Leaves(0, row, elements);
        var length = 2 * (elements.Count + 1) * depth;
        foreach (var leaf in elements)
        {
            length += 1 + (element.IsNull(leaf) ? NullTextLength : 2 + (2 * element.TextLengthHint(leaf)));
        }

        return length;
    }

    protected override int VariableBinaryLength(ulong row)
    {
        var elements = new List<ulong>();
        Leaves(0, row, elements);
        var length = 12 + (8 * depth);
        foreach (var leaf in elements)
        {
            length += sizeof(int) + (element.IsNull(leaf) ? 0 : element.BinaryLengthHint(leaf));
        }

        return length;
    }

    /// <summary>The sub-array at <paramref name="index"/> of <paramref name="level"/>, each inner one written into that level's scratch buffer.</summary>
    private bool TryWriteText(int level, ulong index, Span<byte> destination, out int bytesWritten)
    {
        var (offset, count) = Entry(level, index);
        var writer = new PgTextArrayWriter(destination);
        for (var i = offset; i < offset + count; i++)
        {
            if (level + 1 < depth)
            {
                int length;
                while (!TryWriteText(level + 1, i, _scratch[level], out length))
                {
                    _scratch[level] = new byte[_scratch[level].Length * 2];
                }

                writer.WriteSubarray(_scratch[level].AsSpan(0, length));
            }
            else if (element.IsNull(i))
            {
                writer.WriteNull();
            }
            else
            {
                int length;
                while (!element.TryWriteText(i, _scratch[level], out length))
                {
                    _scratch[level] = new byte[_scratch[level].Length * 2];
                }

                writer.WriteElement(_scratch[level].AsSpan(0, length));
            }
        }

        return writer.TryComplete(out bytesWritten);
    }

    /// <summary>The innermost elements below <paramref name="index"/> of <paramref name="level"/>, in order.</summary>
    private void Leaves(int level, ulong index, List<ulong> leaves)
    {
        var (offset, count) = Entry(level, index);
        for (var i = offset; i < offset + count; i++)
        {
            if (level + 1 < depth)
            {
                Leaves(level + 1, i, leaves);
            }
            else
            {
                leaves.Add(i);
            }
        }
    }

    /// <summary>A LIST entry is duckdb_list_entry { uint64 offset; uint64 length; }.</summary>
    private (ulong Offset, ulong Count) Entry(int level, ulong index) => (_levels[level][index * 2], _levels[level][(index * 2) + 1]);
}
