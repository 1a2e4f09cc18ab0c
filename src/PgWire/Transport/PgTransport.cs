using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using HtapRouter.PgWire.Protocol;

namespace HtapRouter.PgWire.Transport;

/// <summary>
/// A framed duplex byte stream: typed messages are read from the stream into one buffer and written to
/// <see cref="Output"/>. A message returned by <see cref="ReadAsync"/> or <see cref="TryReadBuffered"/> points into
/// that buffer and stays valid until the next read, so its payload is decoded in place without copying.
/// </summary>
/// <remarks>
/// A proxy reads and writes a message or two per round trip, so the costs that count are per call, not per byte.
/// The transport therefore reads straight into one array with the stream's own ValueTask reads and writes a whole
/// flush with one write: no pipe in between, with its segments, lock and cancellation source per read. A message
/// longer than the buffer grows it to fit (up to the framer's maximum length, as a server holds a whole message);
/// the buffer shrinks back once the message is consumed.
/// </remarks>
public sealed class PgTransport : IAsyncDisposable
{
    /// <summary>The input buffer's size, and the most a read asks the stream for while messages are small.</summary>
    private const int BufferSize = 16 * 1024;

    /// <summary>Buffers grown past this for one big message go back to the pool once it is done.</summary>
    private const int RetainedBufferSize = 256 * 1024;

    private const int HeaderLength = sizeof(byte) + sizeof(int);

    private const string EndInsideMessage = "unexpected EOF within message";

    private readonly PgMessageReader _framer;
    private readonly PgOutputBuffer _output = new();
    private byte[] _input;

    /// <summary>The stream when it is a socket on the event loop, which messages are then read from directly.</summary>
    private EventLoopSocketStream? _socket;

    /// <summary>Unread input is <c>_input[_start.._end]</c>; the message handed out last ends at <c>_held</c>.</summary>
    private int _start;
    private int _end;
    private int _held = -1;
    private bool _disposed;

    public PgTransport(Stream stream, PgMessageSource peer, int maxMessageLength = PgMessageReader.DefaultMaxMessageLength)
    {
        Stream = stream;
        _socket = stream as EventLoopSocketStream;
        _framer = new PgMessageReader(peer, maxMessageLength);
        _input = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>The stream underneath; replaced by <see cref="UpgradeAsync"/>.</summary>
    public Stream Stream { get; private set; }

    /// <summary>Where messages are written; nothing reaches the peer before <see cref="FlushAsync"/>.</summary>
    public PgOutputBuffer Output => _output;

    public int MaxMessageLength => _framer.MaxMessageLength;

    /// <summary>Reads the next typed message, or null at a clean end of stream.</summary>
    /// <exception cref="PgProtocolException">The bytes are not a valid message, or the stream ended inside one.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<PgMessage?> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryReadBuffered(out var message))
            {
                return message;
            }

            if (!await ReceiveAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Takes in more of the peer's bytes, waiting until some may have arrived: true when <see cref="TryReadBuffered"/>
    /// should look again (it may still find only part of a message), false at a clean end of stream.
    /// </summary>
    /// <remarks>
    /// <see cref="ReadAsync"/> is this and <see cref="TryReadBuffered"/> in a loop. A relay that calls them itself saves
    /// ReadAsync's frame on every wait: on the event loop's sockets it then awaits the socket's readiness directly.
    /// </remarks>
    /// <exception cref="PgProtocolException">The stream ended inside a message.</exception>
    public ValueTask<bool> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ReleaseHeldMessage();
        MakeRoom(MessageLengthNeeded());
        if (_socket is not { } socket)
        {
            return ReadMoreAsync(EndInsideMessage, cancellationToken);
        }

        var read = socket.TryReceive(_input.AsSpan(_end));
        if (read < 0)
        {
            return socket.WaitToReceiveAsync(cancellationToken);
        }

        _end += read;
        return read > 0 ? new ValueTask<bool>(true) : new ValueTask<bool>(Ended(EndInsideMessage));
    }

    /// <summary>
    /// Returns the next message when it is already buffered, without waiting for the peer. A relay uses it to
    /// pass on everything that has arrived before it flushes, so one flush carries a whole burst of messages.
    /// </summary>
    /// <exception cref="PgProtocolException">The buffered bytes are not a valid message.</exception>
    public bool TryReadBuffered(out PgMessage message)
    {
        ReleaseHeldMessage();
        message = default;
        var unread = _end - _start;
        if (unread < HeaderLength)
        {
            return false;
        }

        // Framed here on the array rather than through a ReadOnlySequence: a relay frames every message it passes.
        var code = _input[_start];
        var length = BinaryPrimitives.ReadInt32BigEndian(_input.AsSpan(_start + 1));
        _framer.CheckHeader(code, length);
        if (unread - 1 < length)
        {
            return false;
        }

        message = new PgMessage(code, new ReadOnlySequence<byte>(_input, _start + HeaderLength, length - sizeof(int)));
        _held = _start + 1 + length;
        return true;
    }

    /// <summary>Reads a startup-phase packet, or null at a clean end of stream.</summary>
    public async ValueTask<StartupPacket?> ReadStartupPacketAsync(CancellationToken cancellationToken = default)
    {
        ReleaseHeldMessage();
        while (true)
        {
            var buffered = new ReadOnlySequence<byte>(_input, _start, _end - _start);
            var consumed = buffered.Start;
            var examined = buffered.End;
            if (StartupPacketReader.TryParse(buffered, ref consumed, ref examined, out var packet))
            {
                _start += (int)buffered.Slice(0, consumed).Length;
                if (_start < _end && packet!.Kind is StartupPacketKind.SslRequest or StartupPacketKind.GssEncRequest)
                {
                    throw new PgProtocolException("received unencrypted data after SSL request");
                }
                return packet;
            }

            // The length word counts itself; TryParse has checked it against the largest startup packet.
            var needed = _end - _start >= sizeof(int) ? BinaryPrimitives.ReadInt32BigEndian(_input.AsSpan(_start)) : sizeof(int);
            MakeRoom(needed);
            if (!await ReadMoreAsync("incomplete startup packet", cancellationToken))
            {
                return null;
            }
        }
    }

    /// <summary>Reads exactly one byte: the answer to an SSLRequest or GSSENCRequest.</summary>
    public async ValueTask<byte?> ReadSingleByteAsync(CancellationToken cancellationToken = default)
    {
        ReleaseHeldMessage();
        if (_start == _end)
        {
            MakeRoom(1);
            if (!await ReadMoreAsync(EndInsideMessage, cancellationToken))
            {
                return null;
            }
        }

        var value = _input[_start++];
        return _start == _end ? value : throw new PgProtocolException("received unencrypted data after SSL response");
    }

    /// <summary>Sends everything written to <see cref="Output"/> since the last flush, in one write.</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) =>
        !cancellationToken.IsCancellationRequested && TryFlush() ? ValueTask.CompletedTask : SendAsync(cancellationToken);

    /// <summary>
    /// Sends the output now if the socket takes all of it, without waiting: true when nothing is left to send. Else
    /// what was not sent stays for <see cref="FlushAsync"/>, which also reports a failed send.
    /// </summary>
    /// <remarks>
    /// Only the event loop's sockets send without waiting; on other streams this is true only with nothing to send. A
    /// relay that flushes after every round trip saves the async frames of FlushAsync and the stream's write with it.
    /// </remarks>
    public bool TryFlush()
    {
        if (_output.UnflushedBytes == 0)
        {
            return true;
        }
        if (_socket is not { } socket)
        {
            return false;
        }

        var sent = socket.TrySend(_output.WrittenMemory.Span);
        if (sent < _output.UnflushedBytes)
        {
            _output.Consume(sent);
            return false;
        }
        _output.Clear();
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        if (_output.UnflushedBytes == 0)
        {
            return;
        }

        try
        {
            await Stream.WriteAsync(_output.WrittenMemory, cancellationToken);
        }
        finally
        {
            // What could not be sent is dropped with the connection; nothing retries a half-written message.
            _output.Clear();
        }
    }

    /// <summary>
    /// Swaps the stream for one layered on it (TLS), once the peer has been told to start the handshake.
    /// Must be called with nothing buffered in either direction.
    /// </summary>
    public async ValueTask UpgradeAsync(Func<Stream, CancellationToken, ValueTask<Stream>> upgrade,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upgrade);
        ReleaseHeldMessage();
        if (_start != _end)
        {
            throw new PgProtocolException("received unencrypted data after SSL request");
        }
        await FlushAsync(cancellationToken);
        Stream = await upgrade(Stream, cancellationToken);
        _socket = Stream as EventLoopSocketStream;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            await FlushAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer is gone; whatever was not flushed has nowhere to go.
        }

        await Stream.DisposeAsync();
        _output.Release();
        ArrayPool<byte>.Shared.Return(_input);
        _input = [];
        _start = _end = 0;
    }

    /// <summary>Forgets the message handed out last: the next read may overwrite it.</summary>
    private void ReleaseHeldMessage()
    {
        if (_held < 0)
        {
            return;
        }
        _start = _held;
        _held = -1;
        if (_start == _end)
        {
            _start = _end = 0;
            if (_input.Length > RetainedBufferSize)
            {
                ArrayPool<byte>.Shared.Return(_input);
                _input = ArrayPool<byte>.Shared.Rent(BufferSize);
            }
        }
    }

    /// <summary>How many bytes the message at the start of the input needs in all, as far as its header tells.</summary>
    private int MessageLengthNeeded() =>
        _end - _start >= HeaderLength
            ? HeaderLength - sizeof(int) + BinaryPrimitives.ReadInt32BigEndian(_input.AsSpan(_start + 1))
            : HeaderLength;

    /// <summary>
    /// One read from the stream into the room made for it (from a stream other than the event loop's sockets, and in
    /// the startup phase): false at a clean end of stream, <paramref name="endInside"/> thrown when it ends inside
    /// what has been read so far.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadMoreAsync(string endInside, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var read = await Stream.ReadAsync(_input.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0 || Ended(endInside);
    }

    /// <summary>Read past the end of the stream: false when it ended between messages, as it may.</summary>
    private bool Ended(string endInside) => _start == _end ? false : throw new PgProtocolException(endInside);

    /// <summary>
    /// Makes room for <paramref name="needed"/> bytes from the start of what is unread, and for at least one more
    /// byte than is unread: by moving the unread bytes to the front, or into a larger buffer.
    /// </summary>
    private void MakeRoom(int needed)
    {
        var unread = _end - _start;
        if (_input.Length - _start >= Math.Max(needed, unread + 1))
        {
            return;
        }

        var target = _input;
        if (_input.Length < needed)
        {
            target = ArrayPool<byte>.Shared.Rent(needed);
        }
        _input.AsSpan(_start, unread).CopyTo(target);
        if (target != _input)
        {
            ArrayPool<byte>.Shared.Return(_input);
            _input = target;
        }
        _start = 0;
        _end = unread;
    }
}
