using System.Buffers;
using System.Text;

namespace HtapRouter.PgWire.Protocol;

/// <summary>
/// Reads the fields of one message payload, across buffer segments. Every shortfall becomes a
/// <see cref="PgProtocolException"/> naming the message, never an out-of-range exception.
/// </summary>
public ref struct PgPayloadReader
{
    private SequenceReader<byte> _reader;
    private readonly string _messageName;

    public PgPayloadReader(in ReadOnlySequence<byte> payload, string messageName)
    {
        _reader = new SequenceReader<byte>(payload);
        _messageName = messageName;
    }

    public readonly long Remaining => _reader.Remaining;

    public byte ReadByte() => _reader.TryRead(out var value) ? value : throw Truncated();

    public short ReadInt16() => _reader.TryReadBigEndian(out short value) ? value : throw Truncated();

    public int ReadInt32() => _reader.TryReadBigEndian(out int value) ? value : throw Truncated();

    public uint ReadUInt32() => unchecked((uint)ReadInt32());

    /// <summary>Reads a count that must be non-negative and fit in what is left, each item taking at least <paramref name="minItemSize"/> bytes.</summary>
    public int ReadCount16(int minItemSize)
    {
        var count = ReadInt16();
        if (count < 0 || (long)count * minItemSize > _reader.Remaining)
        {
            throw new PgProtocolException($"invalid message format: {_messageName} has an invalid count {count}");
        }

        return count;
    }

    /// <summary>Reads a NUL-terminated UTF-8 string.</summary>
    public string ReadCString()
    {
        var bytes = ReadCStringBytes();
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        try
        {
            return bytes.IsSingleSegment ? Utf8.GetString(bytes.FirstSpan) : Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new PgProtocolException($"invalid byte sequence for encoding \"UTF8\" in {_messageName}", SqlState.CharacterNotInRepertoire);
        }
    }

    /// <summary>Reads a NUL-terminated string's bytes without decoding them; the slice is valid as long as the payload.</summary>
    public ReadOnlySequence<byte> ReadCStringBytes() =>
        _reader.TryReadTo(out ReadOnlySequence<byte> bytes, 0, advancePastDelimiter: true)
            ? bytes
            : throw new PgProtocolException($"invalid message format: {_messageName} has an unterminated string");

    public ReadOnlySequence<byte> ReadBytes(int length)
    {
        if (length < 0 || length > _reader.Remaining)
        {
            throw Truncated();
        }

        var slice = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
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
        var rest = _reader.UnreadSequence;
        _reader.AdvanceToEnd();
        return rest;
    }

    /// <summary>Fails when bytes are left over, as PostgreSQL's pq_getmsgend does.</summary>
    public readonly void EnsureEnd()
    {
        if (!_reader.End)
        {
            throw new PgProtocolException($"invalid message format: {_messageName} has {_reader.Remaining} unexpected trailing bytes");
        }
    }

    private readonly PgProtocolException Truncated() => PgProtocolException.Truncated(_messageName);

    internal static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
