using System.Buffers.Binary;

namespace HtapRouter.PgWire.Types;

/// <summary>Reads a one-dimensional (or empty) array in array_recv's binary format, element by element.</summary>
public ref struct PgBinaryArrayReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _position;
    private int _read;

    private PgBinaryArrayReader(ReadOnlySpan<byte> source, uint elementOid, int count, int lowerBound, int position)
    {
        _source = source;
        ElementOid = elementOid;
        Count = count;
        LowerBound = lowerBound;
        _position = position;
    }

    public uint ElementOid { get; }

    public int Count { get; }

    public int LowerBound { get; }

    /// <summary>Reads the header; false unless it describes an empty or one-dimensional array.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> source, out PgBinaryArrayReader reader)
    {
        reader = default;
        if (source.Length < 12)
        {
            return false;
        }

        var dimensions = BinaryPrimitives.ReadInt32BigEndian(source);
        var flags = BinaryPrimitives.ReadInt32BigEndian(source[4..]);
        var elementOid = BinaryPrimitives.ReadUInt32BigEndian(source[8..]);
        if (flags is not (0 or 1) || dimensions is not (0 or 1) || (dimensions == 1 && source.Length < 20))
        {
            return false;
        }

        if (dimensions == 0)
        {
            reader = new PgBinaryArrayReader(source, elementOid, 0, 1, 12);
            return source.Length == 12;
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(source[12..]);
        var lowerBound = BinaryPrimitives.ReadInt32BigEndian(source[16..]);
        reader = new PgBinaryArrayReader(source, elementOid, count, lowerBound, 20);
        return count >= 0;
    }

    /// <summary>
    /// Reads the next element's bytes, which stay valid as long as the source does. Returns false
    /// after the last element or when the data is truncated (then <see cref="IsMalformed"/>).
    /// </summary>
    public bool TryReadNext(out ReadOnlySpan<byte> element, out bool isNull)
    {
        element = default;
        isNull = false;
        if (_read >= Count || _source.Length - _position < sizeof(int))
        {
            IsMalformed |= _read < Count;
            return false;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(_source[_position..]);
        _position += sizeof(int);
        if (length < -1 || length > _source.Length - _position)
        {
            IsMalformed = true;
            return false;
        }

        _read++;
        isNull = length == -1;
        element = isNull ? default : _source.Slice(_position, length);
        _position += Math.Max(length, 0);
        IsMalformed |= _read == Count && _position != _source.Length;
        return true;
    }

    /// <summary>True once reading found truncated data, trailing bytes or a bad element length.</summary>
    public bool IsMalformed { get; private set; }
}
