using System.Buffers;
using System.Buffers.Binary;

namespace HtapRouter.PgWire.Protocol;

/// <summary>The kinds of untyped packet a client may open a connection with.</summary>
public enum StartupPacketKind
{
    Startup,
    SslRequest,
    GssEncRequest,
    CancelRequest,
}

/// <summary>
/// A startup-phase packet: StartupMessage (protocol version and parameters), SSLRequest, GSSENCRequest or
/// CancelRequest.
/// </summary>
public sealed class StartupPacket
{
    public StartupPacketKind Kind { get; init; }

    /// <summary>For <see cref="StartupPacketKind.Startup"/>: major version in the high 16 bits, minor in the low.</summary>
    public int ProtocolVersion { get; init; } = StartupCode.ProtocolVersion3;

    /// <summary>For a StartupMessage: its name/value pairs in order (user, database, options, application_name, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>For a CancelRequest: the process id from BackendKeyData.</summary>
    public int ProcessId { get; init; }

    /// <summary>For a CancelRequest: the secret key from BackendKeyData.</summary>
    public int SecretKey { get; init; }

    public int MajorVersion => ProtocolVersion >>> 16;

    public int MinorVersion => ProtocolVersion & 0xFFFF;

    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in Parameters)
            {
                if (key == name)
                {
                    return value;
                }
            }

            return null;
        }
    }

    public static StartupPacket Startup(params KeyValuePair<string, string>[] parameters) =>
        new() { Kind = StartupPacketKind.Startup, Parameters = parameters };

    public static StartupPacket Cancel(int processId, int secretKey) =>
        new() { Kind = StartupPacketKind.CancelRequest, ProcessId = processId, SecretKey = secretKey };

    public void Write(IBufferWriter<byte> writer)
    {
        var length = sizeof(int) + // length word, which counts itself
                     sizeof(int); // protocol version or request code
        switch (Kind)
        {
            case StartupPacketKind.Startup:
                foreach (var (name, value) in Parameters)
                {
                    length += PgSpanWriter.CStringLength(name) + PgSpanWriter.CStringLength(value); // each pair
                }

                length += sizeof(byte); // empty name ending the list
                break;
            case StartupPacketKind.CancelRequest:
                length += sizeof(int) + // process id
                          sizeof(int); // secret key
                break;
        }

        var w = new PgSpanWriter(writer.GetSpan(length));
        w.WriteInt32(length);
        switch (Kind)
        {
            case StartupPacketKind.Startup:
                w.WriteInt32(ProtocolVersion);
                foreach (var (name, value) in Parameters)
                {
                    w.WriteCString(name);
                    w.WriteCString(value);
                }

                w.WriteByte(0);
                break;
            case StartupPacketKind.SslRequest:
                w.WriteInt32(StartupCode.SslRequest);
                break;
            case StartupPacketKind.GssEncRequest:
                w.WriteInt32(StartupCode.GssEncRequest);
                break;
            case StartupPacketKind.CancelRequest:
                w.WriteInt32(StartupCode.CancelRequest);
                w.WriteInt32(ProcessId);
                w.WriteInt32(SecretKey);
                break;
        }

        writer.Advance(length);
    }
}

/// <summary>
/// Frames startup-phase packets. Like PostgreSQL it refuses a length below 8 or above
/// <see cref="MaxStartupPacketLength"/> before buffering the packet, and a malformed body, with 08P01.
/// </summary>
public static class StartupPacketReader
{
    /// <summary>PostgreSQL's MAX_STARTUP_PACKET_LENGTH.</summary>
    public const int MaxStartupPacketLength = 10000;

    public static bool TryParse(in ReadOnlySequence<byte> input, ref SequencePosition consumed,
        ref SequencePosition examined, out StartupPacket? packet)
    {
        packet = null;
        if (input.Length < sizeof(int))
        {
            examined = input.End;
            return false;
        }

        Span<byte> word = stackalloc byte[sizeof(int)];
        input.Slice(0, sizeof(int)).CopyTo(word);
        var length = BinaryPrimitives.ReadInt32BigEndian(word);
        if (length < 2 * sizeof(int) || length > MaxStartupPacketLength)
        {
            throw new PgProtocolException($"invalid length of startup packet: {length}");
        }

        if (input.Length < length)
        {
            examined = input.End;
            return false;
        }

        packet = Decode(input.Slice(sizeof(int), length - sizeof(int)));
        consumed = input.GetPosition(length);
        examined = consumed;
        return true;
    }

    private static StartupPacket Decode(in ReadOnlySequence<byte> body)
    {
        var r = new PgPayloadReader(body, "startup packet");
        var code = r.ReadInt32();
        switch (code)
        {
            case StartupCode.SslRequest:
                r.EnsureEnd();
                return new StartupPacket { Kind = StartupPacketKind.SslRequest };
            case StartupCode.GssEncRequest:
                r.EnsureEnd();
                return new StartupPacket { Kind = StartupPacketKind.GssEncRequest };
            case StartupCode.CancelRequest:
                var packet = new StartupPacket
                {
                    Kind = StartupPacketKind.CancelRequest, ProcessId = r.ReadInt32(), SecretKey = r.ReadInt32(),
                };
                r.EnsureEnd();
                return packet;
        }

        if (code >>> 16 != 3)
        {
            throw new PgProtocolException(
                $"unsupported frontend protocol {code >>> 16}.{code & 0xFFFF}: server supports 3.0 to 3.0",
                SqlState.FeatureNotSupported);
        }

        var parameters = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var name = r.ReadCString();
            if (name.Length == 0)
            {
                break;
            }

            parameters.Add(new(name, r.ReadCString()));
        }

        r.EnsureEnd();
        return new StartupPacket { Kind = StartupPacketKind.Startup, ProtocolVersion = code, Parameters = parameters };
    }
}
