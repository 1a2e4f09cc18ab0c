using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using static HtapRouter.PgWire.Transport.LinuxSockets;

namespace HtapRouter.PgWire.Transport;

/// <summary>
/// A connected socket read and written with plain recv and send, waiting on a <see cref="SocketEventLoop"/> when the
/// socket is not ready. A proxy spends most of its time on a few small messages per round trip, and this is what
/// makes them cheaper than <see cref="NetworkStream"/>: no operation queue with its lock, no thread hop, and no
/// read tried first only to learn that nothing has arrived yet.
/// </summary>
/// <remarks>
/// <para>
/// The socket is edge-triggered, so the loop counts its events, and a read that left the socket empty remembers the
/// count: the next read asks the socket again only once an event came after that, and otherwise waits. A continuation
/// waiting for the socket runs on the loop's thread, so callers must not block there; what they do between two reads
/// or writes has to be short, as with <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>.
/// </para>
/// <para>
/// One read and one write may be outstanding at a time, from any threads, as <see cref="Stream"/> allows. Disposing
/// ends a waiting read or write with an <see cref="IOException"/>.
/// </para>
/// </remarks>
public sealed class EventLoopSocketStream : Stream
{
    private readonly Socket _socket;
    private readonly bool _ownsSocket;
    private readonly SocketEventLoop _loop;
    private readonly int _fd;
    private readonly int _slot;
    private readonly Waiter _reads = new();
    private readonly Waiter _writes = new();
    private bool _handleReferenced;
    private bool _watchingWrites;

    /// <summary>The read event count when a read last found the socket empty; -1 before any.</summary>
    private int _readDrainedAt = -1;
    private int _disposed;

    private EventLoopSocketStream(Socket socket, bool ownsSocket)
    {
        _socket = socket;
        _ownsSocket = ownsSocket;

        // Held until disposal, so the descriptor cannot be closed and reused under a recv or send of ours.
        socket.SafeHandle.DangerousAddRef(ref _handleReferenced);
        socket.Blocking = false;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _loop = SocketEventLoop.Next();
        try
        {
            _slot = _loop.Register(this, _fd);
        }
        catch
        {
            socket.SafeHandle.DangerousRelease();
            _handleReferenced = false;
            throw;
        }
    }

    /// <summary>Whether this platform has the event loop; where it does not, <see cref="Create"/> gives a <see cref="NetworkStream"/>.</summary>
    public static bool IsSupported => LinuxSockets.IsSupported;

    /// <summary>
    /// A stream over a connected socket: this one where it is supported, a <see cref="NetworkStream"/> elsewhere.
    /// The socket must not be used asynchronously by anything else.
    /// </summary>
    public static Stream Create(Socket socket, bool ownsSocket) =>
        IsSupported ? new EventLoopSocketStream(socket, ownsSocket) : new NetworkStream(socket, ownsSocket);

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>, trying each address in turn, and wraps the socket.</summary>
    public static async Task<Stream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (!IsSupported)
        {
            var fallback = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await fallback.ConnectAsync(host, port, cancellationToken);
                return new NetworkStream(fallback, ownsSocket: true);
            }
            catch
            {
                fallback.Dispose();
                throw;
            }
        }

        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        SocketException? failure = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            EventLoopSocketStream? stream = null;
            try
            {
                stream = new EventLoopSocketStream(socket, ownsSocket: true);
                await stream.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return stream;
            }
            catch (SocketException e)
            {
                failure = e;
            }
            catch
            {
                DisposeOrClose(stream, socket);
                throw;
            }
            DisposeOrClose(stream, socket);
        }

        throw failure ?? new SocketException((int)SocketError.HostNotFound);

        static void DisposeOrClose(EventLoopSocketStream? stream, Socket socket)
        {
            if (stream is null)
            {
                socket.Dispose();
            }
            else
            {
                stream.Dispose();
            }
        }
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var received = TryReceive(buffer.Span);
            if (received >= 0)
            {
                return received;
            }
            await WaitToReceiveAsync(cancellationToken);
        }
    }

    /// <summary>
    /// What has arrived, without waiting: the count of bytes read into <paramref name="buffer"/>, 0 at the end of the
    /// stream, or -1 when nothing is there yet (then <see cref="WaitToReceiveAsync"/>). An empty buffer only peeks at
    /// one byte (SslStream's zero-byte reads), and answers 0 once something is there.
    /// </summary>
    /// <remarks>
    /// <see cref="ReadAsync(Memory{byte}, CancellationToken)"/> is these two in a loop. A caller that reads into its
    /// own buffer uses them directly, and saves the two async frames in between on every wait.
    /// </remarks>
    public int TryReceive(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var seen = _reads.Events;
        if (seen == _readDrainedAt && !_reads.Ended)
        {
            return -1;
        }

        var received = ReceiveOnce(buffer);
        if (received >= 0)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }
            if (received < buffer.Length)
            {
                _readDrainedAt = seen;
            }
            return received;
        }
        if (received != -EAgain)
        {
            throw Failure(-received, "read from");
        }
        _readDrainedAt = seen;
        return -1;
    }

    /// <summary>
    /// Waits until the socket may have something to read, after <see cref="TryReceive"/> found nothing. Completes
    /// (with true) at once when an event came since; may complete without data (the next <see cref="TryReceive"/> tells).
    /// </summary>
    public ValueTask<bool> WaitToReceiveAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _reads.WaitAsync(_readDrainedAt, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (!buffer.IsEmpty)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var seen = _writes.Events;
            var sent = TransmitOnce(buffer.Span);
            if (sent >= 0)
            {
                buffer = buffer[sent..];
                continue;
            }
            if (sent != -EAgain)
            {
                throw Failure(-sent, "write to");
            }

            WatchWrites();
            await _writes.WaitAsync(seen, cancellationToken);
        }
    }

    /// <summary>
    /// Sends what the socket takes now, without waiting: the count of bytes sent, all of <paramref name="buffer"/>
    /// unless the send buffer filled or the send failed. Failures are not thrown here: <see
    /// cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>, which sends the rest, meets them again and throws.
    /// </summary>
    /// <remarks>A caller that sends from its own buffer tries this first, and saves WriteAsync's frame when all went.</remarks>
    public int TrySend(ReadOnlySpan<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length && _disposed == 0)
        {
            var sent = TransmitOnce(buffer[total..]);
            if (sent < 0)
            {
                break;
            }
            total += sent;
        }
        return total;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Called by the loop with the events epoll reported for the socket.</summary>
    internal void OnEvents(uint events)
    {
        // Once the peer has closed its side, no event may come again: reads then always ask the socket, which answers
        // the end of the stream (or the error) as soon as the data before it has been read.
        if ((events & (EpollRdHup | EpollHup | EpollErr)) != 0)
        {
            _reads.SignalEnded();
        }
        else if ((events & EpollIn) != 0)
        {
            _reads.Signal();
        }
        if ((events & (EpollOut | EpollHup | EpollErr)) != 0)
        {
            _writes.Signal();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            base.Dispose(disposing);
            return;
        }

        _loop.Unregister(_slot, _fd);
        var closed = new IOException("The connection was closed.", new SocketException((int)SocketError.OperationAborted));
        _reads.Fail(closed);
        _writes.Fail(closed);
        _reads.Unregister();
        _writes.Unregister();
        if (_handleReferenced)
        {
            _socket.SafeHandle.DangerousRelease();
            _handleReferenced = false;
        }
        if (_ownsSocket)
        {
            _socket.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>
    /// One recv, or for an empty buffer a peek at one byte. The handle is referenced around the call, as
    /// <see cref="Socket"/> does, so a dispose on another thread cannot close the descriptor and let it be reused
    /// under the call.
    /// </summary>
    private int ReceiveOnce(Span<byte> buffer)
    {
        var referenced = false;
        try
        {
            _socket.SafeHandle.DangerousAddRef(ref referenced);
            return buffer.IsEmpty ? Peek(_fd) : Receive(_fd, buffer);
        }
        finally
        {
            if (referenced)
            {
                _socket.SafeHandle.DangerousRelease();
            }
        }
    }

    private int TransmitOnce(ReadOnlySpan<byte> buffer)
    {
        var referenced = false;
        try
        {
            _socket.SafeHandle.DangerousAddRef(ref referenced);
            return Transmit(_fd, buffer);
        }
        finally
        {
            if (referenced)
            {
                _socket.SafeHandle.DangerousRelease();
            }
        }
    }

    /// <summary>Asks the loop for write events, the first time a write has to wait.</summary>
    private void WatchWrites()
    {
        if (!_watchingWrites)
        {
            _loop.WatchWrites(_slot, _fd);
            _watchingWrites = true;
        }
    }

    /// <summary>A non-blocking connect: started here, finished when the loop reports the socket writable.</summary>
    private async Task ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        WatchWrites();
        var seen = _writes.Events;
        try
        {
            _socket.Connect(endPoint);
            return;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
        }

        while (true)
        {
            await _writes.WaitAsync(seen, cancellationToken);
            seen = _writes.Events;
            var error = (SocketError)(int)_socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }
            if (_socket.Poll(0, SelectMode.SelectWrite))
            {
                return;
            }
        }
    }

    private static IOException Failure(int errno, string direction)
    {
        var error = new SocketException((int)ToSocketError(errno));
        return new IOException($"Unable to {direction} the transport connection: {error.Message}.", error);
    }

    /// <summary>
    /// One direction's readiness: the loop counts events and completes a waiter, if one is armed; a waiter arms
    /// itself only if no event came since it last looked, or it would wait for one that already passed.
    /// </summary>
    private sealed class Waiter : IValueTaskSource<bool>
    {
        private ManualResetValueTaskSourceCore<bool> _core;
        private CancellationTokenRegistration _cancellation;
        private CancellationToken _registeredWith;
        private int _events;
        private int _armed;
        private bool _ended;

        public int Events => Volatile.Read(ref _events);

        /// <summary>The peer closed its side or the connection failed: there is no need, nor any use, in waiting.</summary>
        public bool Ended => Volatile.Read(ref _ended);

        /// <summary>
        /// Waits for the next event after <paramref name="seen"/>; completes at once when one came already. The
        /// registration with <paramref name="cancellationToken"/> is kept for the next waits with the same token (a
        /// session's reads all use one) instead of made and undone on every wait; it changes before arming, so that
        /// the callback of a token given up can never complete this wait.
        /// </summary>
        public ValueTask<bool> WaitAsync(int seen, CancellationToken cancellationToken)
        {
            if (cancellationToken != _registeredWith)
            {
                _cancellation.Dispose();
                _registeredWith = cancellationToken;
                _cancellation = cancellationToken.CanBeCanceled
                    ? cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), this)
                    : default;
            }

            _core.Reset();
            Interlocked.Exchange(ref _armed, 1);
            if (Volatile.Read(ref _events) != seen && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                return new ValueTask<bool>(true);
            }

            var wait = new ValueTask<bool>(this, _core.Version);

            // A cancellation that came before the wait was armed found nothing to complete: it completes here.
            if (cancellationToken.IsCancellationRequested)
            {
                Cancel(cancellationToken);
            }
            return wait;
        }

        public void Signal()
        {
            Interlocked.Increment(ref _events);
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _core.SetResult(true);
            }
        }

        public void SignalEnded()
        {
            Volatile.Write(ref _ended, true);
            Signal();
        }

        public void Fail(Exception reason)
        {
            Interlocked.Increment(ref _events);
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _core.SetException(reason);
            }
        }

        public bool GetResult(short token) => _core.GetResult(token);

        /// <summary>Ends the kept cancellation registration, once the stream is disposed.</summary>
        public void Unregister()
        {
            _cancellation.Dispose();
            _cancellation = default;
            _registeredWith = default;
        }

        private void Cancel(CancellationToken token)
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _core.SetException(new OperationCanceledException(token));
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
