using System.Buffers;
using System.Buffers.Binary;

namespace HtapRouter.PgWire.Protocol;

/// <summary>
/// Frames typed messages (type byte, int32 length including itself, payload) out of a byte stream.
/// A pure function of its input: it consumes nothing until a whole message is buffered, and it rejects a
/// length below 4, a length above <see cref="MaxMessageLength"/> and a type byte the other side never sends
/// with <see cref="PgProtocolException"/> (08P01), before buffering the payload.
/// </summary>
public sealed class PgMessageReader
{
    /// <summary>Default upper bound for one message: PostgreSQL's own limit for a single field value is 1 GB.</summary>
    public const int DefaultMaxMessageLength = 256 * 1024 * 1024;

    private const int HeaderLength = sizeof(byte) + sizeof(int);

    public PgMessageReader(PgMessageSource source, int maxMessageLength = DefaultMaxMessageLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageLength, 4);
        Source = source;
        MaxMessageLength = maxMessageLength;
    }

    /// <summary>The side that writes the messages this reader frames.</summary>
    public PgMessageSource Source { get; }

    /// <summary>The largest accepted value of the length word (which counts itself but not the type byte).</summary>
    public int MaxMessageLength { get; }

    public bool TryParseMessage(in ReadOnlySequence<byte> input, ref SequencePosition consumed,
        ref SequencePosition examined, out PgMessage message)
    {
        message = default;
        if (input.Length < HeaderLength)
        {
            examined = input.End;
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        input.Slice(0, HeaderLength).CopyTo(header);
        var code = header[0];
        var length = BinaryPrimitives.ReadInt32BigEndian(header[1..]);

        CheckHeader(code, length);

        var total = sizeof(byte) + (long)length;
        if (input.Length < total)
        {
            examined = input.End;
            return false;
        }

        message = new PgMessage(code, input.Slice(HeaderLength, length - sizeof(int)));
        consumed = input.GetPosition(total);
        examined = consumed;
        return true;
    }

    /// <summary>
    /// Rejects a header this reader's peer never sends: an unknown type byte, or a length word below 4 or above
    /// <see cref="MaxMessageLength"/>. For callers that frame a contiguous buffer themselves.
    /// </summary>
    /// <exception cref="PgProtocolException">The header is not a valid message header.</exception>
    public void CheckHeader(byte code, int length)
    {
        var known = Source == PgMessageSource.Frontend ? FrontendCode.IsKnown(code) : BackendCode.IsKnown(code);
        if (!known)
        {
            throw new PgProtocolException($"invalid {(Source == PgMessageSource.Frontend ? "frontend" : "backend")} message type {code}");
        }

        if (length < sizeof(int))
        {
            throw new PgProtocolException($"invalid message length {length}");
        }

        if (length > MaxMessageLength)
        {
            throw new PgProtocolException($"message length {length} exceeds the maximum of {MaxMessageLength}");
        }
    }
}
