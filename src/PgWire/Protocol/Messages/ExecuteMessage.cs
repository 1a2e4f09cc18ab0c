using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>Execute ('E'): run a portal, returning at most <see cref="MaxRows"/> rows (0 = all).</summary>
public sealed class ExecuteMessage : IPgMessage
{
    public byte Code => FrontendCode.Execute;

    public string PortalName { get; set; } = string.Empty;

    public int MaxRows { get; set; }

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "Execute");
        PortalName = r.ReadCString();
        MaxRows = r.ReadInt32();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer) => Write(writer, PortalName, MaxRows);

    public static void Write(IBufferWriter<byte> writer, string portalName, int maxRows)
    {
        var length = PgSpanWriter.CStringLength(portalName) + // portal
                     sizeof(int); // row limit
        var w = PgSpanWriter.Begin(writer, FrontendCode.Execute, length, out var total);
        w.WriteCString(portalName);
        w.WriteInt32(maxRows);
        writer.Advance(total);
    }
}
