using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>Bind ('B'): create a portal from a prepared statement with parameter values and result formats.</summary>
public sealed class BindMessage : IPgMessage
{
    public byte Code => FrontendCode.Bind;

    public string PortalName { get; set; } = string.Empty;

    public string StatementName { get; set; } = string.Empty;

    /// <summary>None (all text), one (applies to all), or one per parameter; 0 = text, 1 = binary.</summary>
    public List<short> ParameterFormats { get; } = [];

    /// <summary>Parameter values; they point into the payload they were read from.</summary>
    public List<PgValue> Parameters { get; } = [];

    /// <summary>None (all text), one (applies to all), or one per result column.</summary>
    public List<short> ResultFormats { get; } = [];

    /// <summary>The format of parameter <paramref name="index"/> under the protocol's 0/1/N rule.</summary>
    public short ParameterFormat(int index) => FormatAt(ParameterFormats, index);

    /// <summary>The format of result column <paramref name="index"/> under the protocol's 0/1/N rule.</summary>
    public short ResultFormat(int index) => FormatAt(ResultFormats, index);

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "Bind");
        PortalName = r.ReadCString();
        StatementName = r.ReadCString();
        ReadFormats(ref r, ParameterFormats);
        var count = r.ReadCount16(sizeof(int));
        Parameters.Clear();
        for (var i = 0; i < count; i++)
        {
            Parameters.Add(r.ReadValue());
        }

        ReadFormats(ref r, ResultFormats);
        r.EnsureEnd();
        if (ParameterFormats.Count > 1 && ParameterFormats.Count != Parameters.Count)
        {
            throw new PgProtocolException(
                $"bind message has {ParameterFormats.Count} parameter formats but {Parameters.Count} parameters");
        }
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = PgSpanWriter.CStringLength(PortalName) + // portal
                     PgSpanWriter.CStringLength(StatementName) + // statement
                     sizeof(short) + (sizeof(short) * ParameterFormats.Count) + // parameter formats
                     sizeof(short); // parameter count
        foreach (var value in Parameters)
        {
            length += value.WireLength; // length word and bytes of each parameter
        }

        length += sizeof(short) + (sizeof(short) * ResultFormats.Count); // result formats

        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteCString(PortalName);
        w.WriteCString(StatementName);
        WriteFormats(ref w, ParameterFormats);
        w.WriteInt16(checked((short)Parameters.Count));
        foreach (var value in Parameters)
        {
            w.WriteValue(value);
        }

        WriteFormats(ref w, ResultFormats);
        writer.Advance(total);
    }

    private static short FormatAt(List<short> formats, int index) => formats.Count switch
    {
        0 => 0,
        1 => formats[0],
        _ => index < formats.Count ? formats[index] : (short)0,
    };

    internal static void ReadFormats(ref PgPayloadReader r, List<short> formats)
    {
        var count = r.ReadCount16(sizeof(short));
        formats.Clear();
        for (var i = 0; i < count; i++)
        {
            var format = r.ReadInt16();
            if (format is not (0 or 1))
            {
                throw new PgProtocolException($"unsupported format code: {format}");
            }

            formats.Add(format);
        }
    }

    internal static void WriteFormats(ref PgSpanWriter w, List<short> formats)
    {
        w.WriteInt16(checked((short)formats.Count));
        foreach (var format in formats)
        {
            w.WriteInt16(format);
        }
    }
}
