using System.Buffers;
using System.Buffers.Binary;

namespace HtapRouter.PgWire.Protocol;

/// <summary>
/// One typed protocol message as framed on the wire. <see cref="Payload"/> points into the reader's buffer and
/// is valid only until the reader is advanced past it (the next read); copy what must outlive that.
/// </summary>
public readonly struct PgMessage
{
    public PgMessage(byte code, ReadOnlySequence<byte> payload)
    {
        Code = code;
        Payload = payload;
    }

    public byte Code { get; }

    /// <summary>The bytes after the type byte and the length word.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>Bytes on the wire: type byte, length word, payload.</summary>
    public long WireLength => sizeof(byte) + sizeof(int) + Payload.Length;

    /// <summary>Writes the message as it came: type byte, length word and payload, for relaying without decoding.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = PgSpanWriter.Begin(writer, Code, checked((int)Payload.Length), out var total);
        w.WriteBytes(Payload);
        writer.Advance(total);
    }

    /// <summary>A copy of the whole message, header included, that outlives the buffer it was read into.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[WireLength];
        bytes[0] = Code;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), checked((int)Payload.Length + sizeof(int)));
        Payload.CopyTo(bytes.AsSpan(sizeof(byte) + sizeof(int)));
        return bytes;
    }

    public override string ToString() => $"'{(char)Code}' ({Payload.Length} bytes)";
}
