using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace HtapRouter.PgWire.Protocol;

/// <summary>
/// Reads the fields of one message payload. Every shortfall becomes a <see cref="PgProtocolException"/> naming the
/// message, never an out-of-range exception.
/// </summary>
/// <remarks>
/// Payloads are read on every message a relay passes, and nearly all of them lie in one buffer (a transport's), so
/// the fields are read from one span; the rare payload spread over several segments is copied into one array first.
/// Slices handed out (strings' bytes, values) are slices of the payload, valid as long as it is.
/// </remarks>
public ref struct PgPayloadReader
{
    private readonly ReadOnlySequence<byte> _payload;
    private readonly ReadOnlySpan<byte> _span;
    private readonly string _messageName;
    private int _position;

    public PgPayloadReader(in ReadOnlySequence<byte> payload, string messageName)
    {
        _payload = payload.IsSingleSegment ? payload : new ReadOnlySequence<byte>(payload.ToArray());
        _span = _payload.FirstSpan;
        _messageName = messageName;
    }

    public readonly long Remaining => _span.Length - _position;

    public byte ReadByte() => _position < _span.Length ? _span[_position++] : throw Truncated();

    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(sizeof(short)));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(sizeof(int)));

    public uint ReadUInt32() => unchecked((uint)ReadInt32());

    /// <summary>Reads a count that must be non-negative and fit in what is left, each item taking at least <paramref name="minItemSize"/> bytes.</summary>
    public int ReadCount16(int minItemSize)
    {
        var count = ReadInt16();
        if (count < 0 || (long)count * minItemSize > Remaining)
        {
            throw new PgProtocolException($"invalid message format: {_messageName} has an invalid count {count}");
        }

        return count;
    }

    /// <summary>Reads a NUL-terminated UTF-8 string.</summary>
    public string ReadCString()
    {
        var bytes = _span.Slice(_position, CStringLength());
        _position += bytes.Length + 1;
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        try
        {
            return Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new PgProtocolException($"invalid byte sequence for encoding \"UTF8\" in {_messageName}", SqlState.CharacterNotInRepertoire);
        }
    }

    /// <summary>Reads a NUL-terminated string's bytes without decoding them; the slice is valid as long as the payload.</summary>
    public ReadOnlySequence<byte> ReadCStringBytes()
    {
        var bytes = _payload.Slice(_position, CStringLength());
        _position += (int)bytes.Length + 1;
        return bytes;
    }

    public ReadOnlySequence<byte> ReadBytes(int length)
    {
        if (length < 0 || length > Remaining)
        {
            throw Truncated();
        }

        var slice = _payload.Slice(_position, length);
        _position += length;
        return slice;
    }

    /// <summary>Reads an int32 length (-1 meaning NULL) and that many bytes.</summary>
    public PgValue ReadValue()
    {
        var length = ReadInt32();
        if (length == -1)
        {
            return PgValue.Null;
        }

        if (length < -1)
        {
            throw new PgProtocolException($"invalid message format: {_messageName} has an invalid value length {length}");
        }

        return new PgValue(ReadBytes(length));
    }

    public ReadOnlySequence<byte> ReadRest()
    {
        var rest = _payload.Slice(_position);
        _position = _span.Length;
        return rest;
    }

    /// <summary>Fails when bytes are left over, as PostgreSQL's pq_getmsgend does.</summary>
    public readonly void EnsureEnd()
    {
        if (_position != _span.Length)
        {
            throw new PgProtocolException($"invalid message format: {_messageName} has {Remaining} unexpected trailing bytes");
        }
    }

    /// <summary>The length of the string at the read position, up to its NUL.</summary>
    private readonly int CStringLength()
    {
        var length = _span[_position..].IndexOf((byte)0);
        return length >= 0
            ? length
            : throw new PgProtocolException($"invalid message format: {_messageName} has an unterminated string");
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > Remaining)
        {
            throw Truncated();
        }

        var bytes = _span.Slice(_position, length);
        _position += length;
        return bytes;
    }

    private readonly PgProtocolException Truncated() => PgProtocolException.Truncated(_messageName);

    internal static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
