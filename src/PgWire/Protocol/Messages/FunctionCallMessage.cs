using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>FunctionCall ('F'): the legacy fast-path call of a function by OID.</summary>
public sealed class FunctionCallMessage : IPgMessage
{
    public byte Code => FrontendCode.FunctionCall;

    public uint FunctionOid { get; set; }

    public List<short> ArgumentFormats { get; } = [];

    public List<PgValue> Arguments { get; } = [];

    public short ResultFormat { get; set; }

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "FunctionCall");
        FunctionOid = r.ReadUInt32();
        BindMessage.ReadFormats(ref r, ArgumentFormats);
        var count = r.ReadCount16(sizeof(int));
        Arguments.Clear();
        for (var i = 0; i < count; i++)
        {
            Arguments.Add(r.ReadValue());
        }

        ResultFormat = r.ReadInt16();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = sizeof(int) + // function OID
                     sizeof(short) + (sizeof(short) * ArgumentFormats.Count) + // argument formats
                     sizeof(short) + // argument count
                     sizeof(short); // result format
        foreach (var argument in Arguments)
        {
            length += argument.WireLength; // length word and bytes of each argument
        }

        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteInt32(unchecked((int)FunctionOid));
        BindMessage.WriteFormats(ref w, ArgumentFormats);
        w.WriteInt16(checked((short)Arguments.Count));
        foreach (var argument in Arguments)
        {
            w.WriteValue(argument);
        }

        w.WriteInt16(ResultFormat);
        writer.Advance(total);
    }
}

/// <summary>FunctionCallResponse ('V'): the result of a fast-path call, possibly NULL.</summary>
public sealed class FunctionCallResponseMessage : IPgMessage
{
    public byte Code => BackendCode.FunctionCallResponse;

    public PgValue Result { get; set; }

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "FunctionCallResponse");
        Result = r.ReadValue();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var w = PgSpanWriter.Begin(writer, Code, Result.WireLength, out var total);
        w.WriteValue(Result);
        writer.Advance(total);
    }
}
