using System.Buffers.Binary;

namespace HtapRouter.PgWire.Types;

/// <summary>
/// PostgreSQL's binary format (typsend/typreceive), big-endian. Write methods return false when
/// the destination is too small. Read methods take exactly one value's bytes (the field of a
/// DataRow or Bind message) and return false for a wrong length or invalid content.
/// </summary>
public static partial class PgBinary
{
    public static bool TryWriteBool(bool value, Span<byte> destination, out int bytesWritten) =>
        TryWriteByte(value ? (byte)1 : (byte)0, destination, out bytesWritten);

    public static bool TryReadBool(ReadOnlySpan<byte> source, out bool value)
    {
        value = source.Length == 1 && source[0] != 0;
        return source.Length == 1;
    }

    public static bool TryWriteInt2(short value, Span<byte> destination, out int bytesWritten) =>
        Done(BinaryPrimitives.TryWriteInt16BigEndian(destination, value), sizeof(short), out bytesWritten);

    public static bool TryWriteInt4(int value, Span<byte> destination, out int bytesWritten) =>
        Done(BinaryPrimitives.TryWriteInt32BigEndian(destination, value), sizeof(int), out bytesWritten);

    public static bool TryWriteInt8(long value, Span<byte> destination, out int bytesWritten) =>
        Done(BinaryPrimitives.TryWriteInt64BigEndian(destination, value), sizeof(long), out bytesWritten);

    public static bool TryWriteOid(uint value, Span<byte> destination, out int bytesWritten) =>
        Done(BinaryPrimitives.TryWriteUInt32BigEndian(destination, value), sizeof(uint), out bytesWritten);

    public static bool TryWriteFloat4(float value, Span<byte> destination, out int bytesWritten) =>
        Done(BinaryPrimitives.TryWriteSingleBigEndian(destination, value), sizeof(float), out bytesWritten);

    public static bool TryWriteFloat8(double value, Span<byte> destination, out int bytesWritten) =>
        Done(BinaryPrimitives.TryWriteDoubleBigEndian(destination, value), sizeof(double), out bytesWritten);

    public static bool TryReadInt2(ReadOnlySpan<byte> source, out short value) =>
        BinaryPrimitives.TryReadInt16BigEndian(source, out value) && source.Length == sizeof(short);

    public static bool TryReadInt4(ReadOnlySpan<byte> source, out int value) =>
        BinaryPrimitives.TryReadInt32BigEndian(source, out value) && source.Length == sizeof(int);

    public static bool TryReadInt8(ReadOnlySpan<byte> source, out long value) =>
        BinaryPrimitives.TryReadInt64BigEndian(source, out value) && source.Length == sizeof(long);

    public static bool TryReadOid(ReadOnlySpan<byte> source, out uint value) =>
        BinaryPrimitives.TryReadUInt32BigEndian(source, out value) && source.Length == sizeof(uint);

    public static bool TryReadFloat4(ReadOnlySpan<byte> source, out float value) =>
        BinaryPrimitives.TryReadSingleBigEndian(source, out value) && source.Length == sizeof(float);

    public static bool TryReadFloat8(ReadOnlySpan<byte> source, out double value) =>
        BinaryPrimitives.TryReadDoubleBigEndian(source, out value) && source.Length == sizeof(double);

    /// <summary>text, varchar, bpchar, name, json and bytea: the raw bytes (UTF-8 for the text types).</summary>
    public static bool TryWriteBytes(ReadOnlySpan<byte> value, Span<byte> destination, out int bytesWritten) =>
        PgText.TryCopy(value, destination, out bytesWritten);

    /// <summary>jsonb_send: format version 1, then the JSON text.</summary>
    public static bool TryWriteJsonb(ReadOnlySpan<byte> jsonText, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < 1 + jsonText.Length)
        {
            return false;
        }

        destination[0] = JsonbVersion;
        jsonText.CopyTo(destination[1..]);
        bytesWritten = 1 + jsonText.Length;
        return true;
    }

    /// <summary>jsonb_recv: checks the version byte and returns the JSON text after it.</summary>
    public static bool TryReadJsonb(ReadOnlySpan<byte> source, out ReadOnlySpan<byte> jsonText)
    {
        var ok = source.Length >= 1 && source[0] == JsonbVersion;
        jsonText = ok ? source[1..] : default;
        return ok;
    }

    public static bool TryWriteUuid(Guid value, Span<byte> destination, out int bytesWritten) =>
        Done(value.TryWriteBytes(destination, bigEndian: true, out _), 16, out bytesWritten);

    public static bool TryReadUuid(ReadOnlySpan<byte> source, out Guid value)
    {
        value = source.Length == 16 ? new Guid(source, bigEndian: true) : default;
        return source.Length == 16;
    }

    public static bool TryWriteMacAddress(PgMacAddress value, Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < 6)
        {
            bytesWritten = 0;
            return false;
        }

        value.WriteBytes(destination);
        bytesWritten = 6;
        return true;
    }

    public static bool TryReadMacAddress(ReadOnlySpan<byte> source, out PgMacAddress value)
    {
        value = source.Length == 6 ? PgMacAddress.FromBytes(source) : default;
        return source.Length == 6;
    }

    private const byte JsonbVersion = 1;

    private static bool TryWriteByte(byte value, Span<byte> destination, out int bytesWritten)
    {
        if (destination.IsEmpty)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = value;
        bytesWritten = 1;
        return true;
    }

    private static bool Done(bool ok, int size, out int bytesWritten)
    {
        bytesWritten = ok ? size : 0;
        return ok;
    }
}
