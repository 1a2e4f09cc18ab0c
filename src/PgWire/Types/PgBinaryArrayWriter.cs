using System.Buffers.Binary;

namespace HtapRouter.PgWire.Types;

/// <summary>
/// Writes a one-dimensional array in array_send's format: a header, then each element as an int32
/// length (-1 for NULL) and its binary value. Elements can be copied in or written in place with
/// <see cref="BeginElement"/> / <see cref="EndElement"/> to avoid a scratch buffer.
/// </summary>
public ref struct PgBinaryArrayWriter
{
    private const int HeaderSize =
        sizeof(int) + // ndim
        sizeof(int) + // flags: 1 when any element is NULL
        sizeof(uint); // element type OID

    private const int DimensionSize =
        sizeof(int) + // number of elements
        sizeof(int); // lower bound

    private readonly Span<byte> _destination;
    private readonly int _count;
    private int _position;
    private int _written;
    private bool _overflow;

    /// <summary>
    /// Starts an array of <paramref name="count"/> elements. PostgreSQL sets the has-nulls flag only
    /// when a NULL is present, so the caller says up front whether one will be. An empty array has
    /// no dimensions at all.
    /// </summary>
    public PgBinaryArrayWriter(Span<byte> destination, uint elementOid, int count, bool hasNulls, int lowerBound = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _destination = destination;
        _count = count;
        var headerLength = HeaderSize + (count > 0 ? DimensionSize : 0);
        if (destination.Length < headerLength)
        {
            _overflow = true;
            return;
        }

        BinaryPrimitives.WriteInt32BigEndian(destination, count > 0 ? 1 : 0);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], hasNulls ? 1 : 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], elementOid);
        if (count > 0)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination[12..], count);
            BinaryPrimitives.WriteInt32BigEndian(destination[16..], lowerBound);
        }

        _position = headerLength;
    }

    public void WriteNull()
    {
        if (!_overflow && BinaryPrimitives.TryWriteInt32BigEndian(_destination[_position..], -1))
        {
            _position += sizeof(int);
            _written++;
        }
        else
        {
            _overflow = true;
        }
    }

    public void WriteElement(scoped ReadOnlySpan<byte> value)
    {
        var target = BeginElement();
        if (value.TryCopyTo(target))
        {
            EndElement(value.Length);
        }
        else
        {
            _overflow = true;
        }
    }

    /// <summary>The space after the element's length word; write the value there and call <see cref="EndElement"/>.</summary>
    public readonly Span<byte> BeginElement() =>
        _overflow || _destination.Length - _position < sizeof(int) ? [] : _destination[(_position + sizeof(int))..];

    public void EndElement(int length)
    {
        if (_overflow || _destination.Length - _position < sizeof(int) + length)
        {
            _overflow = true;
            return;
        }

        BinaryPrimitives.WriteInt32BigEndian(_destination[_position..], length);
        _position += sizeof(int) + length;
        _written++;
    }

    /// <summary>False when the destination was too small or the element count differs from the header's.</summary>
    public readonly bool TryComplete(out int bytesWritten)
    {
        var ok = !_overflow && _written == _count;
        bytesWritten = ok ? _position : 0;
        return ok;
    }
}
