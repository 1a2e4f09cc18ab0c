using System.Runtime.CompilerServices;
using DuckDB.NET.Native;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Encoders;

/// <summary>
/// Encodes the values of one DuckDB vector as one PostgreSQL type, in text or binary format, straight
/// from the vector's memory: no boxing and no allocation per value. <see cref="Bind"/> points the encoder
/// at a vector; the pointers are valid until the data chunk that owns the vector is destroyed.
/// One instance per result column (or array element type); not thread-safe.
/// </summary>
internal abstract unsafe class ValueEncoder
{
    private ulong* _validity;

    /// <param name="textLength">Upper bound of a value's text, or 0 when it depends on the value.</param>
    /// <param name="binaryLength">Upper bound of a value's binary form, or 0 when it depends on the value.</param>
    protected ValueEncoder(int textLength, int binaryLength)
    {
        FixedTextLength = textLength;
        FixedBinaryLength = binaryLength;
    }

    public int FixedTextLength { get; }

    public int FixedBinaryLength { get; }

    /// <summary>The vector's data: fixed-width values, string_t, list entries, by type.</summary>
    protected byte* Data { get; private set; }

    protected PgFormatSettings Settings { get; private set; } = PgFormatSettings.Default;

    public virtual void Bind(IntPtr vector)
    {
        Data = (byte*)NativeMethods.Vectors.DuckDBVectorGetData(vector);
        _validity = NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
    }

    public virtual void Configure(PgFormatSettings settings) => Settings = settings;

    /// <summary>DuckDB leaves the validity mask out when every value is valid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(ulong row) => _validity != null && (_validity[row >> 6] & (1UL << (int)(row & 63))) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int TextLengthHint(ulong row) => FixedTextLength > 0 ? FixedTextLength : VariableTextLength(row);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BinaryLengthHint(ulong row) => FixedBinaryLength > 0 ? FixedBinaryLength : VariableBinaryLength(row);

    /// <summary>Writes a non-NULL value's text; false when <paramref name="destination"/> is too small.</summary>
    public abstract bool TryWriteText(ulong row, Span<byte> destination, out int bytesWritten);

    /// <summary>Writes a non-NULL value's binary form; false when <paramref name="destination"/> is too small.</summary>
    public abstract bool TryWriteBinary(ulong row, Span<byte> destination, out int bytesWritten);

    protected virtual int VariableTextLength(ulong row) => 64;

    protected virtual int VariableBinaryLength(ulong row) => 64;

    /// <summary>Reads a string_t: a 4-byte length, then up to 12 bytes inline, or a 4-byte prefix and a pointer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected ReadOnlySpan<byte> ReadString(ulong row)
    {
        var entry = Data + (row * 16);
        var length = *(uint*)entry;
        return length <= 12
            ? new ReadOnlySpan<byte>(entry + 4, (int)length)
            : new ReadOnlySpan<byte>(*(byte**)(entry + 8), (int)length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected T Read<T>(ulong row)
        where T : unmanaged => ((T*)Data)[row];
}
