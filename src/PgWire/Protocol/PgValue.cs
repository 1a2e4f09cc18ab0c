using System.Buffers;

namespace HtapRouter.PgWire.Protocol;

/// <summary>
/// A length-prefixed field value as in Bind, DataRow and FunctionCall: bytes, or SQL NULL (length -1).
/// The bytes point into a message payload and share its lifetime.
/// </summary>
public readonly struct PgValue : IEquatable<PgValue>
{
    public static readonly PgValue Null = new(default, isNull: true);

    public PgValue(ReadOnlySequence<byte> bytes)
        : this(bytes, isNull: false)
    {
    }

    public PgValue(ReadOnlyMemory<byte> bytes)
        : this(new ReadOnlySequence<byte>(bytes), isNull: false)
    {
    }

    private PgValue(ReadOnlySequence<byte> bytes, bool isNull)
    {
        Bytes = bytes;
        IsNull = isNull;
    }

    public ReadOnlySequence<byte> Bytes { get; }

    public bool IsNull { get; }

    /// <summary>Bytes on the wire: the length word and the value.</summary>
    public int WireLength => sizeof(int) + (IsNull ? 0 : checked((int)Bytes.Length));

    public bool Equals(PgValue other) =>
        IsNull == other.IsNull && (IsNull || Bytes.ToArray().AsSpan().SequenceEqual(other.Bytes.ToArray()));

    public override bool Equals(object? obj) => obj is PgValue other && Equals(other);

    public override int GetHashCode() => IsNull ? -1 : (int)Bytes.Length;

    public static bool operator ==(PgValue left, PgValue right) => left.Equals(right);

    public static bool operator !=(PgValue left, PgValue right) => !left.Equals(right);

    public override string ToString() => IsNull ? "NULL" : PgPayloadReader.Utf8.GetString(Bytes.ToArray());
}
