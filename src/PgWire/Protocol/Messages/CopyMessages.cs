using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>CopyData ('d'), sent by either side: a chunk of COPY data; <see cref="Data"/> points into the payload.</summary>
public sealed class CopyDataMessage : IPgMessage
{
    public byte Code => FrontendCode.CopyData;

    public ReadOnlySequence<byte> Data { get; set; }

    public void Read(in ReadOnlySequence<byte> payload) => Data = payload;

    public void Write(IBufferWriter<byte> writer) => Write(writer, Data);

    public static void Write(IBufferWriter<byte> writer, in ReadOnlySequence<byte> data)
    {
        var w = PgSpanWriter.Begin(writer, FrontendCode.CopyData, checked((int)data.Length), out var total);
        w.WriteBytes(data);
        writer.Advance(total);
    }
}

/// <summary>CopyFail ('f'): the frontend aborts a COPY FROM STDIN with a reason.</summary>
public sealed class CopyFailMessage : IPgMessage
{
    public byte Code => FrontendCode.CopyFail;

    public string Reason { get; set; } = string.Empty;

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "CopyFail");
        Reason = r.ReadCString();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var w = PgSpanWriter.Begin(writer, Code, PgSpanWriter.CStringLength(Reason), out var total);
        w.WriteCString(Reason);
        writer.Advance(total);
    }
}

/// <summary>
/// CopyInResponse ('G'), CopyOutResponse ('H') and CopyBothResponse ('W'): the overall format and the format
/// of each column.
/// </summary>
public sealed class CopyResponseMessage : IPgMessage
{
    public CopyResponseMessage(byte code)
    {
        if (code is not (BackendCode.CopyInResponse or BackendCode.CopyOutResponse or BackendCode.CopyBothResponse))
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }

        Code = code;
    }

    public byte Code { get; }

    /// <summary>0 = text, 1 = binary.</summary>
    public byte OverallFormat { get; set; }

    public List<short> ColumnFormats { get; } = [];

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "CopyResponse");
        OverallFormat = r.ReadByte();
        BindMessage.ReadFormats(ref r, ColumnFormats);
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = sizeof(byte) + // overall format
                     sizeof(short) + (sizeof(short) * ColumnFormats.Count); // column formats
        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteByte(OverallFormat);
        BindMessage.WriteFormats(ref w, ColumnFormats);
        writer.Advance(total);
    }
}
