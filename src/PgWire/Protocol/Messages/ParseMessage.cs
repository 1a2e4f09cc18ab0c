using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>Parse ('P'): prepare a statement, optionally named, with optional parameter type OIDs (0 = unspecified).</summary>
public sealed class ParseMessage : IPgMessage
{
    public byte Code => FrontendCode.Parse;

    public string StatementName { get; set; } = string.Empty;

    public string Sql { get; set; } = string.Empty;

    public List<uint> ParameterTypes { get; } = [];

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "Parse");
        StatementName = r.ReadCString();
        Sql = r.ReadCString();
        var count = r.ReadCount16(sizeof(int));
        ParameterTypes.Clear();
        for (var i = 0; i < count; i++)
        {
            ParameterTypes.Add(r.ReadUInt32());
        }

        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = PgSpanWriter.CStringLength(StatementName) + // statement name
                     PgSpanWriter.CStringLength(Sql) + // query text
                     sizeof(short) + // parameter type count
                     (sizeof(int) * ParameterTypes.Count); // parameter type OIDs
        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteCString(StatementName);
        w.WriteCString(Sql);
        w.WriteInt16(checked((short)ParameterTypes.Count));
        foreach (var oid in ParameterTypes)
        {
            w.WriteInt32(unchecked((int)oid));
        }

        writer.Advance(total);
    }
}
