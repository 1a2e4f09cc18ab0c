using System.Buffers;

namespace HtapRouter.PgWire.Transport;

/// <summary>
/// What a <see cref="PgTransport"/> has been given to send and has not flushed yet: one pooled array that grows as
/// messages are written, so a flush is one write to the stream however many messages it carries. The array goes back
/// to the pool after each flush, so an idle connection holds no output buffer.
/// </summary>
public sealed class PgOutputBuffer : IBufferWriter<byte>
{
    private const int MinimumSize = 4 * 1024;

    /// <summary>The most a flush's size may ask of the next buffer: a burst larger than this grows it as it comes.</summary>
    private const int MaximumFirstSize = 1024 * 1024;

    private byte[] _buffer = [];
    private int _written;

    /// <summary>How much the last flush carried: a stream of rows flushes in like amounts, so the next buffer starts there.</summary>
    private int _lastFlushed = MinimumSize;

    /// <summary>The largest array <see cref="KeepsBuffer"/> keeps; a burst beyond it goes back to the pool.</summary>
    private const int MaximumKeptSize = 64 * 1024;

    /// <summary>
    /// Whether the array stays after a flush instead of going back to the pool: for connections busy nearly all the
    /// time, such as a proxy's backend connections, which then save a rent and a return on every flush.
    /// </summary>
    public bool KeepsBuffer { get; set; }

    /// <summary>Bytes written and not flushed yet.</summary>
    public long UnflushedBytes => _written;

    internal ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _written)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Forgets the first <paramref name="count"/> bytes written (they were sent), keeping the rest.</summary>
    internal void Consume(int count)
    {
        if (count == 0)
        {
            return;
        }
        _buffer.AsSpan(count, _written - count).CopyTo(_buffer);
        _written -= count;
    }

    /// <summary>Forgets what was written (it was sent) and gives the array back to the pool, unless it is kept.</summary>
    internal void Clear()
    {
        _lastFlushed = Math.Clamp(_written, MinimumSize, MaximumFirstSize);
        _written = 0;
        if (!KeepsBuffer || _buffer.Length > MaximumKeptSize)
        {
            Release();
        }
    }

    internal void Release()
    {
        if (_buffer.Length > 0)
        {
            var buffer = _buffer;
            _buffer = [];
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Reserve(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var size = Math.Max(Math.Max(_buffer.Length == 0 ? _lastFlushed : MinimumSize, _written + needed), _buffer.Length * 2L);
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(size, Array.MaxLength));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = larger;
    }
}
