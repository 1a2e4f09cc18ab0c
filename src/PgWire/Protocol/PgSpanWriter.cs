using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace HtapRouter.PgWire.Protocol;

/// <summary>
/// Writes one message into a span sized beforehand from the exact message length. Callers compute the length,
/// take a span of that size from the <see cref="IBufferWriter{T}"/>, write, and advance by the same length.
/// </summary>
public ref struct PgSpanWriter
{
    private readonly Span<byte> _span;
    private int _position;

    public PgSpanWriter(Span<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Position => _position;

    /// <summary>Starts a typed message: reserves <c>1 + 4 + payloadLength</c> bytes and writes the header.</summary>
    public static PgSpanWriter Begin(IBufferWriter<byte> writer, byte code, int payloadLength, out int totalLength)
    {
        totalLength = sizeof(byte) + // message type
                      sizeof(int) + // length word, which counts itself
                      payloadLength;
        var w = new PgSpanWriter(writer.GetSpan(totalLength));
        w.WriteByte(code);
        w.WriteInt32(sizeof(int) + payloadLength);
        return w;
    }

    public void WriteByte(byte value) => _span[_position++] = value;

    public void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_span[_position..], value);
        _position += sizeof(short);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_span[_position..], value);
        _position += sizeof(int);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[_position..]);
        _position += bytes.Length;
    }

    public void WriteBytes(in ReadOnlySequence<byte> bytes)
    {
        bytes.CopyTo(_span[_position..]);
        _position += (int)bytes.Length;
    }

    /// <summary>Writes a string as UTF-8 followed by NUL; size it with <see cref="CStringLength(string)"/>.</summary>
    public void WriteCString(string value)
    {
        _position += Encoding.UTF8.GetBytes(value, _span[_position..]);
        _span[_position++] = 0;
    }

    public void WriteCString(in ReadOnlySequence<byte> utf8)
    {
        WriteBytes(utf8);
        _span[_position++] = 0;
    }

    /// <summary>Writes a length word (-1 for NULL) and the value's bytes.</summary>
    public void WriteValue(in PgValue value)
    {
        if (value.IsNull)
        {
            WriteInt32(-1);
            return;
        }

        WriteInt32((int)value.Bytes.Length);
        WriteBytes(value.Bytes);
    }

    public static int CStringLength(string value) => Encoding.UTF8.GetByteCount(value) + sizeof(byte);
}
