using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>What a Describe or Close names: a prepared statement ('S') or a portal ('P').</summary>
public enum PgTargetKind : byte
{
    Statement = (byte)'S',
    Portal = (byte)'P',
}

/// <summary>Describe ('D') and Close ('C') from the frontend: a target kind and a name.</summary>
public sealed class TargetMessage : IPgMessage
{
    private readonly string _messageName;

    private TargetMessage(byte code, string messageName)
    {
        Code = code;
        _messageName = messageName;
    }

    public static TargetMessage Describe() => new(FrontendCode.Describe, "Describe");

    public static TargetMessage Close() => new(FrontendCode.Close, "Close");

    public byte Code { get; }

    public PgTargetKind Kind { get; set; }

    public string Name { get; set; } = string.Empty;

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, _messageName);
        var kind = r.ReadByte();
        if (kind is not ((byte)'S' or (byte)'P'))
        {
            throw new PgProtocolException($"invalid {_messageName.ToLowerInvariant()} message subtype {kind}");
        }

        Kind = (PgTargetKind)kind;
        Name = r.ReadCString();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer) => Write(writer, Code, Kind, Name);

    public static void Write(IBufferWriter<byte> writer, byte code, PgTargetKind kind, string name)
    {
        var length = sizeof(byte) + // 'S' or 'P'
                     PgSpanWriter.CStringLength(name); // name
        var w = PgSpanWriter.Begin(writer, code, length, out var total);
        w.WriteByte((byte)kind);
        w.WriteCString(name);
        writer.Advance(total);
    }
}
