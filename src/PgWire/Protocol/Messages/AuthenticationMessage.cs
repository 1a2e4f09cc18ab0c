using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>The request codes carried by an Authentication ('R') message.</summary>
public enum AuthenticationRequest
{
    Ok = 0,
    KerberosV5 = 2,
    CleartextPassword = 3,
    Md5Password = 5,
    Gss = 7,
    GssContinue = 8,
    Sspi = 9,
    Sasl = 10,
    SaslContinue = 11,
    SaslFinal = 12,
}

/// <summary>Authentication ('R'): every Authentication* message, told apart by <see cref="Request"/>.</summary>
public sealed class AuthenticationMessage : IPgMessage
{
    public byte Code => BackendCode.Authentication;

    public AuthenticationRequest Request { get; set; }

    /// <summary>The 4-byte salt of <see cref="AuthenticationRequest.Md5Password"/>.</summary>
    public uint Md5Salt { get; set; }

    /// <summary>The mechanisms offered by <see cref="AuthenticationRequest.Sasl"/>.</summary>
    public List<string> Mechanisms { get; } = [];

    /// <summary>The data of SASLContinue, SASLFinal and GSSContinue; points into the payload.</summary>
    public ReadOnlySequence<byte> Data { get; set; }

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "Authentication");
        Request = (AuthenticationRequest)r.ReadInt32();
        Mechanisms.Clear();
        Data = default;
        switch (Request)
        {
            case AuthenticationRequest.Ok or AuthenticationRequest.KerberosV5 or AuthenticationRequest.CleartextPassword
                or AuthenticationRequest.Gss or AuthenticationRequest.Sspi:
                break;
            case AuthenticationRequest.Md5Password:
                Md5Salt = r.ReadUInt32();
                break;
            case AuthenticationRequest.Sasl:
                for (var name = r.ReadCString(); name.Length > 0; name = r.ReadCString())
                {
                    Mechanisms.Add(name);
                }

                break;
            case AuthenticationRequest.SaslContinue or AuthenticationRequest.SaslFinal or AuthenticationRequest.GssContinue:
                Data = r.ReadRest();
                break;
            default:
                throw new PgProtocolException($"unsupported authentication request {(int)Request}");
        }

        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = sizeof(int); // request code
        switch (Request)
        {
            case AuthenticationRequest.Md5Password:
                length += sizeof(int); // salt
                break;
            case AuthenticationRequest.Sasl:
                foreach (var mechanism in Mechanisms)
                {
                    length += PgSpanWriter.CStringLength(mechanism); // each mechanism name
                }

                length += sizeof(byte); // empty name ending the list
                break;
            case AuthenticationRequest.SaslContinue or AuthenticationRequest.SaslFinal or AuthenticationRequest.GssContinue:
                length += checked((int)Data.Length); // mechanism data
                break;
        }

        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteInt32((int)Request);
        switch (Request)
        {
            case AuthenticationRequest.Md5Password:
                w.WriteInt32(unchecked((int)Md5Salt));
                break;
            case AuthenticationRequest.Sasl:
                foreach (var mechanism in Mechanisms)
                {
                    w.WriteCString(mechanism);
                }

                w.WriteByte(0);
                break;
            case AuthenticationRequest.SaslContinue or AuthenticationRequest.SaslFinal or AuthenticationRequest.GssContinue:
                w.WriteBytes(Data);
                break;
        }

        writer.Advance(total);
    }

    public static void WriteOk(IBufferWriter<byte> writer) =>
        new AuthenticationMessage { Request = AuthenticationRequest.Ok }.Write(writer);
}
