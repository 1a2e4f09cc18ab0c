using System.Buffers;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>The transaction status reported by ReadyForQuery.</summary>
public enum TransactionStatus : byte
{
    Idle = (byte)'I',
    InTransaction = (byte)'T',
    Failed = (byte)'E',
}

/// <summary>ReadyForQuery ('Z'): the backend is idle again, in the given transaction status.</summary>
public sealed class ReadyForQueryMessage : IPgMessage
{
    public byte Code => BackendCode.ReadyForQuery;

    public TransactionStatus Status { get; set; } = TransactionStatus.Idle;

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "ReadyForQuery");
        var status = r.ReadByte();
        if (status is not ((byte)'I' or (byte)'T' or (byte)'E'))
        {
            throw new PgProtocolException($"invalid transaction status {status}");
        }

        Status = (TransactionStatus)status;
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer) => Write(writer, Status);

    public static void Write(IBufferWriter<byte> writer, TransactionStatus status)
    {
        var w = PgSpanWriter.Begin(writer, BackendCode.ReadyForQuery, sizeof(byte), out var total);
        w.WriteByte((byte)status);
        writer.Advance(total);
    }
}

/// <summary>BackendKeyData ('K'): the process id and secret key a CancelRequest must quote.</summary>
public sealed class BackendKeyDataMessage : IPgMessage
{
    public byte Code => BackendCode.BackendKeyData;

    public int ProcessId { get; set; }

    public int SecretKey { get; set; }

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "BackendKeyData");
        ProcessId = r.ReadInt32();
        SecretKey = r.ReadInt32();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = sizeof(int) + // process id
                     sizeof(int); // secret key
        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteInt32(ProcessId);
        w.WriteInt32(SecretKey);
        writer.Advance(total);
    }
}

/// <summary>ParameterStatus ('S'): the current value of a reported run-time setting.</summary>
public sealed class ParameterStatusMessage : IPgMessage
{
    public byte Code => BackendCode.ParameterStatus;

    public string Name { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "ParameterStatus");
        Name = r.ReadCString();
        Value = r.ReadCString();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer) => Write(writer, Name, Value);

    public static void Write(IBufferWriter<byte> writer, string name, string value)
    {
        var length = PgSpanWriter.CStringLength(name) + // setting name
                     PgSpanWriter.CStringLength(value); // setting value
        var w = PgSpanWriter.Begin(writer, BackendCode.ParameterStatus, length, out var total);
        w.WriteCString(name);
        w.WriteCString(value);
        writer.Advance(total);
    }
}

/// <summary>CommandComplete ('C'): the command tag, such as "SELECT 3" or "INSERT 0 1".</summary>
public sealed class CommandCompleteMessage : IPgMessage
{
    public byte Code => BackendCode.CommandComplete;

    public string Tag { get; set; } = string.Empty;

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "CommandComplete");
        Tag = r.ReadCString();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer) => Write(writer, Tag);

    public static void Write(IBufferWriter<byte> writer, string tag)
    {
        var w = PgSpanWriter.Begin(writer, BackendCode.CommandComplete, PgSpanWriter.CStringLength(tag), out var total);
        w.WriteCString(tag);
        writer.Advance(total);
    }
}

/// <summary>NotificationResponse ('A'): a NOTIFY delivered to a listening session.</summary>
public sealed class NotificationResponseMessage : IPgMessage
{
    public byte Code => BackendCode.NotificationResponse;

    public int ProcessId { get; set; }

    public string Channel { get; set; } = string.Empty;

    public string Payload { get; set; } = string.Empty;

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "NotificationResponse");
        ProcessId = r.ReadInt32();
        Channel = r.ReadCString();
        Payload = r.ReadCString();
        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = sizeof(int) + // notifying process id
                     PgSpanWriter.CStringLength(Channel) + // channel
                     PgSpanWriter.CStringLength(Payload); // payload
        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteInt32(ProcessId);
        w.WriteCString(Channel);
        w.WriteCString(Payload);
        writer.Advance(total);
    }
}

/// <summary>NegotiateProtocolVersion ('v'): the newest minor version the server supports and the options it ignored.</summary>
public sealed class NegotiateProtocolVersionMessage : IPgMessage
{
    public byte Code => BackendCode.NegotiateProtocolVersion;

    public int NewestMinorVersion { get; set; }

    public List<string> UnrecognizedOptions { get; } = [];

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, "NegotiateProtocolVersion");
        NewestMinorVersion = r.ReadInt32();
        var count = r.ReadInt32();
        if (count < 0 || count > r.Remaining)
        {
            throw new PgProtocolException($"invalid message format: NegotiateProtocolVersion has an invalid count {count}");
        }

        UnrecognizedOptions.Clear();
        for (var i = 0; i < count; i++)
        {
            UnrecognizedOptions.Add(r.ReadCString());
        }

        r.EnsureEnd();
    }

    public void Write(IBufferWriter<byte> writer)
    {
        var length = sizeof(int) + // newest minor version
                     sizeof(int); // option count
        foreach (var option in UnrecognizedOptions)
        {
            length += PgSpanWriter.CStringLength(option); // each option name
        }

        var w = PgSpanWriter.Begin(writer, Code, length, out var total);
        w.WriteInt32(NewestMinorVersion);
        w.WriteInt32(UnrecognizedOptions.Count);
        foreach (var option in UnrecognizedOptions)
        {
            w.WriteCString(option);
        }

        writer.Advance(total);
    }
}
