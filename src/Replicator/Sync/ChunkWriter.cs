using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// Decodes rows of PostgreSQL's binary COPY into a DuckDB data chunk, value by value into the vectors' memory:
/// integers, floats, dates and times as their raw values (shifted to DuckDB's epoch), numerics as DuckDB's scaled
/// integers, text and bytes copied from the buffer into the vector's string heap. Nothing is allocated per row.
/// </summary>
/// <remarks>
/// One writer per thread of the copy's scan; DuckDB hands it an empty chunk of <see cref="CopyLayout.Kinds"/>'s vector
/// types each time it asks for rows (<see cref="Start"/>).
/// </remarks>
internal sealed unsafe class ChunkWriter
{
    /// <summary>Days from PostgreSQL's epoch (2000-01-01) back to DuckDB's (1970-01-01).</summary>
    private const int EpochDays = 10957;

    /// <summary>The same in microseconds.</summary>
    private const long EpochMicros = 946_684_800_000_000;

    private static readonly long[] Pow10Long = MakePow10<long>(19);
    private static readonly Int128[] Pow10Wide = MakePow10<Int128>(39);

    private readonly CopyLayout _layout;
    private readonly CopyKind[] _kinds;
    private readonly int[] _scales;
    private readonly IntPtr[] _vectors;
    private readonly byte*[] _data;
    private readonly ulong*[] _validity;
    private readonly int _capacity;
    private IntPtr _chunk;

    public ChunkWriter(CopyLayout layout)
    {
        _layout = layout;
        _kinds = layout.Kinds;
        _scales = layout.Scales;
        _capacity = (int)DuckDbChunks.VectorSize();
        _vectors = new IntPtr[_kinds.Length];
        _data = new byte*[_kinds.Length];
        _validity = new ulong*[_kinds.Length];
    }

    /// <summary>Rows in the chunk now.</summary>
    public int Rows { get; private set; }

    public bool Full => Rows == _capacity;

    /// <summary>
    /// Decodes whole tuples from <paramref name="buffer"/> between <paramref name="start"/> and <paramref name="end"/>
    /// until the chunk is full, a tuple is cut off by <paramref name="end"/>, or the trailer; returns where it stopped.
    /// </summary>
    public int Decode(byte[] buffer, int start, int end, out bool trailer)
    {
        trailer = false;
        fixed (byte* bytes = buffer)
        {
            var position = start;
            while (Rows < _capacity)
            {
                if (end - position < 2)
                {
                    return position;
                }

                var fields = BinaryPrimitives.ReadInt16BigEndian(new ReadOnlySpan<byte>(bytes + position, 2));
                if (fields == -1)
                {
                    trailer = true;
                    return position + 2;
                }

                if (fields != _kinds.Length)
                {
                    throw new InvalidDataException($"The binary COPY sent a row of {fields} columns, not {_kinds.Length}.");
                }

                // The whole tuple must be in the buffer before any value of it goes into the chunk.
                var scan = position + 2;
                for (var i = 0; i < fields; i++)
                {
                    if (end - scan < 4)
                    {
                        return position;
                    }

                    var length = ReadInt32(bytes + scan);
                    scan += 4 + Math.Max(length, 0);
                    if (scan > end)
                    {
                        return position;
                    }
                }

                var field = bytes + position + 2;
                for (var i = 0; i < fields; i++)
                {
                    var length = ReadInt32(field);
                    field += 4;
                    if (length < 0)
                    {
                        SetNull(i);
                    }
                    else
                    {
                        Write(i, field, length);
                        field += length;
                    }
                }

                Rows++;
                position = scan;
            }

            return position;
        }
    }

    /// <summary>Starts filling <paramref name="chunk"/>, empty, with the layout's vector types.</summary>
    public void Start(IntPtr chunk)
    {
        _chunk = chunk;
        Rows = 0;
        for (var i = 0; i < _kinds.Length; i++)
        {
            _vectors[i] = DuckDbChunks.DataChunkGetVector(_chunk, (ulong)i);
            _data[i] = (byte*)DuckDbChunks.VectorGetData(_vectors[i]);
            _validity[i] = null;
        }
    }

    /// <summary>Sets the chunk's size to the rows written into it.</summary>
    public void Finish() => DuckDbChunks.DataChunkSetSize(_chunk, (ulong)Rows);

    private void SetNull(int column)
    {
        var validity = _validity[column];
        if (validity == null)
        {
            DuckDbChunks.VectorEnsureValidityWritable(_vectors[column]);
            validity = _validity[column] = DuckDbChunks.VectorGetValidity(_vectors[column]);
        }

        validity[Rows >> 6] &= ~(1UL << (Rows & 63));
    }

    private void Write(int column, byte* value, int length)
    {
        var row = Rows;
        var data = _data[column];
        switch (_kinds[column])
        {
            case CopyKind.Bool:
                Expect(length, 1, column);
                data[row] = *value == 0 ? (byte)0 : (byte)1;
                break;
            case CopyKind.Int2:
                Expect(length, 2, column);
                ((short*)data)[row] = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<short>(value));
                break;
            case CopyKind.Int4:
                Expect(length, 4, column);
                ((int*)data)[row] = ReadInt32(value);
                break;
            case CopyKind.Int8:
                Expect(length, 8, column);
                ((long*)data)[row] = ReadInt64(value);
                break;
            case CopyKind.Oid:
                Expect(length, 4, column);
                ((uint*)data)[row] = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(value));
                break;
            case CopyKind.Float4:
                Expect(length, 4, column);
                ((int*)data)[row] = ReadInt32(value);
                break;
            case CopyKind.Float8:
                Expect(length, 8, column);
                ((long*)data)[row] = ReadInt64(value);
                break;
            case CopyKind.Decimal16:
                ((short*)data)[row] = checked((short)Numeric64(value, length, column));
                break;
            case CopyKind.Decimal32:
                ((int*)data)[row] = checked((int)Numeric64(value, length, column));
                break;
            case CopyKind.Decimal64:
                ((long*)data)[row] = Numeric64(value, length, column);
                break;
            case CopyKind.Decimal128:
                ((Int128*)data)[row] = Numeric128(value, length, column);
                break;
            case CopyKind.Text:
                AssignText(column, value, length);
                break;
            case CopyKind.BpChar:
                while (length > 0 && value[length - 1] == (byte)' ')
                {
                    length--;
                }

                AssignText(column, value, length);
                break;
            case CopyKind.Jsonb:
                if (length < 1 || *value != 1)
                {
                    throw new InvalidDataException($"Column {_layout.Columns[column]}: jsonb in an unknown binary version.");
                }

                AssignText(column, value + 1, length - 1);
                break;
            case CopyKind.Bytes:
                DuckDbChunks.VectorAssignString(_vectors[column], (ulong)row, value, (ulong)length);
                break;
            case CopyKind.Date:
                Expect(length, 4, column);
                var days = ReadInt32(value);
                ((int*)data)[row] = days switch
                {
                    int.MaxValue => int.MaxValue, // infinity, in both
                    int.MinValue => -int.MaxValue, // -infinity: DuckDB's is one above PostgreSQL's
                    _ => days + EpochDays,
                };
                break;
            case CopyKind.Time:
                Expect(length, 8, column);
                ((long*)data)[row] = ReadInt64(value);
                break;
            case CopyKind.Timestamp:
            case CopyKind.TimestampTz:
                Expect(length, 8, column);
                ((long*)data)[row] = Timestamp(ReadInt64(value), column);
                break;
            case CopyKind.Interval:
                // PostgreSQL: microseconds, days, months; DuckDB: months, days, microseconds.
                Expect(length, 16, column);
                var interval = (int*)(data + (row * 16));
                interval[0] = ReadInt32(value + 12);
                interval[1] = ReadInt32(value + 8);
                *(long*)(interval + 2) = ReadInt64(value);
                break;
            case CopyKind.Uuid:
                // DuckDB keeps a UUID as a 128-bit integer with the top bit flipped, so that it sorts as its text does.
                Expect(length, 16, column);
                var uuid = (ulong*)(data + (row * 16));
                uuid[0] = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(value + 8));
                uuid[1] = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ulong>(value)) ^ (1UL << 63);
                break;
            default:
                throw new InvalidOperationException($"No binary decoding for {_kinds[column]}.");
        }
    }

    private void AssignText(int column, byte* value, int length)
    {
        // DuckDB's strings must be valid UTF-8; its own readers reject what is not, and so does the copy.
        if (!System.Text.Unicode.Utf8.IsValid(new ReadOnlySpan<byte>(value, length)))
        {
            throw new InvalidDataException($"Column {_layout.Columns[column]} of {_layout.TableName}: a value is not valid UTF-8.");
        }

        DuckDbChunks.VectorAssignString(_vectors[column], (ulong)Rows, value, (ulong)length);
    }

    /// <summary>A timestamp in DuckDB's epoch; the infinities stay infinite.</summary>
    private long Timestamp(long micros, int column)
    {
        if (micros == long.MaxValue)
        {
            return long.MaxValue;
        }

        if (micros == long.MinValue)
        {
            return -long.MaxValue;
        }

        var shifted = micros + EpochMicros;
        return shifted < micros || shifted == long.MaxValue
            ? throw new InvalidDataException($"Column {_layout.Columns[column]} of {_layout.TableName}: a timestamp after DuckDB's last one.")
            : shifted;
    }

    /// <summary>
    /// A numeric as DuckDB's scaled integer: the sum of its base-10000 digits, each times 10 to the power of its
    /// decimal position plus the column's scale. A digit right of the scale (the zero-filled end of the last group)
    /// divides exactly, or the value has more decimals than the column holds.
    /// </summary>
    private long Numeric64(byte* value, int length, int column) => Scaled(value, length, column, Pow10Long);

    private Int128 Numeric128(byte* value, int length, int column) => Scaled(value, length, column, Pow10Wide);

    /// <summary>The scaled integer in <typeparamref name="T"/> (long up to 18 digits, Int128 up to 38), with its powers of ten.</summary>
    private T Scaled<T>(byte* value, int length, int column, T[] pow10)
        where T : IBinaryInteger<T>
    {
        var digits = NumericHeader(value, length, column, out var weight, out var negative);
        var scale = _scales[column];
        var result = T.Zero;
        for (var i = 0; i < digits; i++)
        {
            long digit = (ushort)BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<short>(value + 8 + (2 * i)));
            if (digit == 0)
            {
                continue;
            }

            var exponent = (4 * (weight - i)) + scale;
            if (exponent >= 0)
            {
                result = exponent < pow10.Length ? checked(result + (T.CreateTruncating(digit) * pow10[exponent])) : throw Overflow(column);
            }
            else
            {
                var divisor = exponent > -5 ? Pow10Long[-exponent] : long.MaxValue;
                result += digit % divisor == 0 ? T.CreateTruncating(digit / divisor) : throw Overflow(column);
            }
        }

        return negative ? -result : result;
    }

    private int NumericHeader(byte* value, int length, int column, out int weight, out bool negative)
    {
        if (length < 8)
        {
            throw new InvalidDataException($"Column {_layout.Columns[column]}: a numeric of {length} bytes.");
        }

        var digits = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<short>(value));
        weight = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<short>(value + 2));
        var sign = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ushort>(value + 4));
        if (sign is not (0x0000 or 0x4000))
        {
            // NaN and the infinities: DuckDB's DECIMAL has none of them, as CAST('NaN' AS DECIMAL) says.
            var text = sign switch { 0xC000 => "NaN", 0xD000 => "Infinity", 0xF000 => "-Infinity", _ => $"sign 0x{sign:X4}" };
            throw new InvalidDataException(
                $"Column {_layout.Columns[column]} of {_layout.TableName}: {text} cannot be stored in DuckDB's DECIMAL.");
        }

        if (digits < 0 || length != 8 + (2 * digits))
        {
            throw new InvalidDataException($"Column {_layout.Columns[column]}: a numeric of {length} bytes for {digits} digits.");
        }

        negative = sign == 0x4000;
        return digits;
    }

    private InvalidDataException Overflow(int column) =>
        new InvalidDataException($"Column {_layout.Columns[column]} of {_layout.TableName}: a numeric out of its DECIMAL's range or scale.");

    private void Expect(int length, int expected, int column)
    {
        if (length != expected)
        {
            throw new InvalidDataException($"Column {_layout.Columns[column]}: {length} bytes where {_kinds[column]} takes {expected}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadInt32(byte* value) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<int>(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long ReadInt64(byte* value) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<long>(value));

    private static T[] MakePow10<T>(int count)
        where T : IBinaryInteger<T>
    {
        var powers = new T[count];
        powers[0] = T.One;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * T.CreateTruncating(10);
        }

        return powers;
    }
}
