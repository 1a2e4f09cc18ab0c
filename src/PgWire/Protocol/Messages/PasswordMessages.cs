using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>PasswordMessage ('p'): a cleartext password or an MD5 response ("md5" + 32 hex digits).</summary>
public sealed class PasswordMessage : IPgMessage
{
    public byte Code => FrontendCode.Password;

    public string Password { get; set; } = string.Empty;

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "PasswordMessage");
        Password = r.ReadCString();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var w = PgSpanWriter.Begin(writer, Code, PgSpanWriter.CStringLength(Password), out var total);
        w.WriteCString(Password);
        writer.Advance(total);
    }
}

/// <summary>SASLInitialResponse ('p'): the chosen mechanism and the client-first message.</summary>
public sealed class SaslInitialResponseMessage : IPgMessage
{
    public byte Code => FrontendCode.Password;

    public string Mechanism { get; set; } = string.Empty;

    /// <summary>The initial response; NULL (length -1) when the mechanism has none.</summary>
    public PgValue Data { get; set; } = PgValue.Null;

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "SASLInitialResponse");
        Mechanism = r.ReadCString();
        Data = r.ReadValue();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = PgSpanWriter.CStringLength(Mechanism) + // mechanism name
                     Data.WireLength; // length word and client-first message
        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteCString(Mechanism);
        w.WriteValue(Data);
        writer.Advance(total);
    }
}

/// <summary>SASLResponse and GSSResponse ('p'): mechanism data filling the rest of the message.</summary>
public sealed class SaslResponseMessage : IPgMessage
{
    public byte Code => FrontendCode.Password;

    public ReadOnlySequence<byte> Data { get; set; }

    public void Read(in ReadOnlySequence<byte> payload) => Data = payload;

    public void Write(IBufferWriter<byte> writer)
    {
        var w = PgSpanWriter.Begin(writer, Code, checked((int)Data.Length), out var total);
        w.WriteBytes(Data);
        writer.Advance(total);
    }
}
