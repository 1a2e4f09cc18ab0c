using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace HtapRouter.PgQuery.Native;

/// <summary>SQL text as libpg_query wants it: NUL-terminated UTF-8 in a pooled buffer.</summary>
internal readonly struct NativeText : IDisposable
{
    private NativeText(byte[] buffer, int length)
    {
        Buffer = buffer;
        Length = length;
    }

    /// <summary>The UTF-8 bytes followed by a NUL; longer than that (it is pooled), so use <see cref="Length"/>.</summary>
    public byte[] Buffer { get; }

    /// <summary>The number of UTF-8 bytes, without the NUL.</summary>
    public int Length { get; }

    /// <summary>The UTF-8 bytes, without the NUL.</summary>
    public ReadOnlySpan<byte> Bytes => Buffer.AsSpan(0, Length);

    public static NativeText From(string sql)
    {
        // A C string ends at the first NUL, so the parser would silently see only part of the text. PostgreSQL's
        // wire protocol cannot carry one inside a query either.
        if (sql.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("SQL text must not contain NUL characters.", nameof(sql));
        }
        var length = Encoding.UTF8.GetByteCount(sql);
        var buffer = ArrayPool<byte>.Shared.Rent(length + 1);
        Encoding.UTF8.GetBytes(sql, buffer);
        buffer[length] = 0;
        return new NativeText(buffer, length);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer);

    public static unsafe string? ToManaged(byte* text) => text == null ? null : Marshal.PtrToStringUTF8((IntPtr)text);
}
