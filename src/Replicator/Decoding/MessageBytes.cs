using System.Buffers;

namespace HtapRouter.Replicator.Decoding;

/// <summary>
/// The bytes of the current XLogData message, read whole into a pooled buffer that grows for large ones (a wide
/// row, a long TOASTed value) and is reused for the next.
/// </summary>
internal sealed class MessageBytes : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _length;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    /// <summary>Reads <paramref name="data"/> to its end; mostly it is all in Npgsql's read buffer, and this completes at once.</summary>
    public ValueTask ReadAsync(Stream data, CancellationToken cancellationToken)
    {
        _length = 0;
        while (true)
        {
            GrowIfFull();
            var read = data.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
            if (!read.IsCompletedSuccessfully)
            {
                return ReadRestAsync(data, read, cancellationToken);
            }

            var count = read.GetAwaiter().GetResult();
            if (count == 0)
            {
                return ValueTask.CompletedTask;
            }

            _length += count;
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private async ValueTask ReadRestAsync(Stream data, ValueTask<int> pending, CancellationToken cancellationToken)
    {
        for (var read = await pending; read > 0; read = await data.ReadAsync(_buffer.AsMemory(_length), cancellationToken))
        {
            _length += read;
            GrowIfFull();
        }
    }

    private void GrowIfFull()
    {
        if (_length < _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
