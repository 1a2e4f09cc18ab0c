using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>Query ('Q'): a simple-protocol query string, possibly several statements.</summary>
public sealed class QueryMessage : IPgMessage
{
    public byte Code => FrontendCode.Query;

    public string Sql { get; set; } = string.Empty;

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "Query");
        Sql = r.ReadCString();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer) => Write(writer, Sql);

    public static void Write(IBufferWriter<byte> writer, string sql)
    {
        var w = PgSpanWriter.Begin(writer, FrontendCode.Query, PgSpanWriter.CStringLength(sql), out var total);
        w.WriteCString(sql);
        writer.Advance(total);
    }
}
