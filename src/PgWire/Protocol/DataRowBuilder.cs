using System.Buffers;
using System.Buffers.Binary;

namespace HtapRouter.PgWire.Protocol;

/// <summary>
/// Builds DataRow messages value by value into a reusable buffer, then copies each finished row to the output
/// in one piece. Values are formatted straight into the buffer (<see cref="GetValueSpan"/> then
/// <see cref="CommitValue"/>), so a row costs no allocation once the buffer has grown to the widest row.
/// One builder per session; not thread-safe.
/// </summary>
public sealed class DataRowBuilder
{
    private const int HeaderLength = sizeof(byte) + // message type
                                     sizeof(int) + // length word
                                     sizeof(short); // column count

    private byte[] _buffer;
    private int _position;
    private int _valueStart = -1;
    private int _columns;
    private int _expectedColumns;

    public DataRowBuilder(int initialCapacity = 4096) => _buffer = new byte[Math.Max(initialCapacity, HeaderLength)];

    /// <summary>Starts a row of <paramref name="columnCount"/> values.</summary>
    public void BeginRow(int columnCount)
    {
        _position = HeaderLength;
        _columns = 0;
        _expectedColumns = columnCount;
        _valueStart = -1;
    }

    public void WriteNull()
    {
        Ensure(sizeof(int));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_position), -1);
        _position += sizeof(int);
        _columns++;
    }

    public void WriteValue(ReadOnlySpan<byte> value)
    {
        value.CopyTo(GetValueSpan(value.Length));
        CommitValue(value.Length);
    }

    /// <summary>
    /// Returns room for a value of at most <paramref name="maxLength"/> bytes; write into it, then call
    /// <see cref="CommitValue"/> with the bytes actually written. The span is valid until the next call.
    /// </summary>
    public Span<byte> GetValueSpan(int maxLength)
    {
        Ensure(sizeof(int) + maxLength);
        _valueStart = _position + sizeof(int);
        return _buffer.AsSpan(_valueStart, maxLength);
    }

    public void CommitValue(int length)
    {
        if (_valueStart < 0)
        {
            throw new InvalidOperationException("CommitValue without GetValueSpan");
        }

        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_valueStart - sizeof(int)), length);
        _position = _valueStart + length;
        _valueStart = -1;
        _columns++;
    }

    /// <summary>Finishes the row and appends the whole DataRow message to <paramref name="output"/>.</summary>
    public void EndRow(IBufferWriter<byte> output)
    {
        if (_columns != _expectedColumns)
        {
            throw new InvalidOperationException($"row has {_columns} values, {_expectedColumns} expected");
        }

        _buffer[0] = BackendCode.DataRow;
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(1), _position - sizeof(byte));
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(1 + sizeof(int)), checked((short)_columns));
        output.Write(_buffer.AsSpan(0, _position));
    }

    private void Ensure(int extra)
    {
        var needed = (long)_position + extra;
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (needed > Array.MaxLength)
        {
            throw new PgErrorException(SqlState.OutOfMemory, "row is too large to send");
        }

        var grown = new byte[(int)Math.Min(Array.MaxLength, Math.Max(needed, (long)_buffer.Length * 2))];
        _buffer.AsSpan(0, _position).CopyTo(grown);
        _buffer = grown;
    }
}
