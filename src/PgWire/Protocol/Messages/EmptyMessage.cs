using System.Buffers;
using System.Buffers.Binary;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>
/// The messages that are only a type byte and a length of 4: Sync, Flush, Terminate, CopyDone (both ways),
/// ParseComplete, BindComplete, CloseComplete, NoData, PortalSuspended, EmptyQueryResponse.
/// </summary>
public sealed class EmptyMessage : IPgMessage
{
    public EmptyMessage(byte code) => Code = code;

    public byte Code { get; }

    public void Read(in ReadOnlySequence<byte> payload)
    {
        if (!payload.IsEmpty)
        {
            throw new PgProtocolException($"invalid message format: message '{(char)Code}' must be empty");
        }
    }

    public void Write(IBufferWriter<byte> writer) => Write(writer, Code);

    public static void Write(IBufferWriter<byte> writer, byte code)
    {
        var span = writer.GetSpan(sizeof(byte) + sizeof(int));
        span[0] = code;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], sizeof(int)); // the length word counts only itself
        writer.Advance(sizeof(byte) + sizeof(int));
    }
}
