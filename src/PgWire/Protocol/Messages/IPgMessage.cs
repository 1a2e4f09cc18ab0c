using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>
/// A typed protocol message. Instances are reusable: <see cref="Read"/> replaces the previous contents, and
/// any <see cref="ReadOnlySequence{T}"/> or <see cref="PgValue"/> it exposes points into the payload it was
/// read from, so it is valid only until that buffer is released (the connection's next read).
/// </summary>
public interface IPgMessage
{
    byte Code { get; }

    /// <summary>Decodes <paramref name="payload"/> (the bytes after type and length); throws <see cref="PgProtocolException"/> when malformed.</summary>
    void Read(in ReadOnlySequence<byte> payload);

    /// <summary>Writes the whole message, type byte and length included.</summary>
    void Write(IBufferWriter<byte> writer);
}
