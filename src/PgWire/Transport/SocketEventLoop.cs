using System.Net.Sockets;
using System.Runtime.InteropServices;
using static HtapRouter.PgWire.Transport.LinuxSockets;

namespace HtapRouter.PgWire.Transport;

/// <summary>
/// One thread waiting in epoll for the sockets of <see cref="EventLoopSocketStream"/>s, and resuming whoever waits
/// for one of them right there, as PgBouncer's event loop does. Each socket is registered once, edge-triggered, so
/// waiting costs no system call beyond the loop's own epoll_wait. Write events are asked for only once a socket's
/// send buffer has been full (or a connect is under way): most sockets never need them.
/// </summary>
/// <remarks>
/// A socket's events name its slot in <see cref="_streams"/>, not the stream: a slot freed and reused while an event
/// for its old socket is in flight only wakes the new stream once for nothing, and a woken stream always asks the
/// socket itself before it believes the event.
/// </remarks>
internal sealed unsafe class SocketEventLoop
{
    private const int EventsPerWait = 256;

    private static readonly Lazy<SocketEventLoop[]> s_loops = new(() =>
        [.. Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount / 2)).Select(i => new SocketEventLoop(i))]);

    private static int s_next;

    private readonly int _epoll;
    private readonly Lock _lock = new();
    private readonly Stack<int> _free = new();
    private EventLoopSocketStream?[] _streams = new EventLoopSocketStream?[64];
    private int _slotsUsed;

    private SocketEventLoop(int index)
    {
        _epoll = EpollCreate(EpollCloseOnExec);
        if (_epoll < 0)
        {
            throw new SocketException((int)ToSocketError(Marshal.GetLastPInvokeError()));
        }

        new Thread(Run) { IsBackground = true, Name = $"PgWire socket loop {index}" }.Start();
    }

    /// <summary>The loops, one for every two cores, handed out in turn.</summary>
    public static SocketEventLoop Next()
    {
        var loops = s_loops.Value;
        return loops[(uint)Interlocked.Increment(ref s_next) % (uint)loops.Length];
    }

    /// <summary>Starts watching <paramref name="fd"/> for <paramref name="stream"/>; returns the slot to unregister with.</summary>
    public int Register(EventLoopSocketStream stream, int fd)
    {
        int slot;
        lock (_lock)
        {
            slot = _free.Count > 0 ? _free.Pop() : _slotsUsed++;
            if (slot == _streams.Length)
            {
                var grown = new EventLoopSocketStream?[_streams.Length * 2];
                _streams.CopyTo(grown, 0);
                Volatile.Write(ref _streams, grown);
            }
            _streams[slot] = stream;
        }

        // The slot is published before the kernel can report an event for it.
        var ev = new EpollEvent { Events = EpollIn | EpollRdHup | EpollEdgeTriggered, Data = (ulong)slot };
        if (EpollCtl(_epoll, EpollCtlAdd, fd, &ev) != 0)
        {
            var error = ToSocketError(Marshal.GetLastPInvokeError());
            Release(slot);
            throw new SocketException((int)error);
        }
        return slot;
    }

    /// <summary>Adds write events to a registered socket's; epoll then reports at once if it is writable already.</summary>
    public void WatchWrites(int slot, int fd)
    {
        var ev = new EpollEvent { Events = EpollIn | EpollOut | EpollRdHup | EpollEdgeTriggered, Data = (ulong)slot };
        if (EpollCtl(_epoll, EpollCtlMod, fd, &ev) != 0)
        {
            throw new SocketException((int)ToSocketError(Marshal.GetLastPInvokeError()));
        }
    }

    public void Unregister(int slot, int fd)
    {
        EpollCtl(_epoll, EpollCtlDel, fd, null);
        Release(slot);
    }

    private void Release(int slot)
    {
        lock (_lock)
        {
            _streams[slot] = null;
            _free.Push(slot);
        }
    }

    private void Run()
    {
        var events = new EpollEvent[EventsPerWait];
        fixed (EpollEvent* ready = events)
        {
            while (true)
            {
                var count = EpollWait(_epoll, ready, EventsPerWait, -1);
                if (count < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == EIntr)
                    {
                        continue;
                    }
                    throw new SocketException((int)ToSocketError(errno));
                }

                var streams = Volatile.Read(ref _streams);
                for (var i = 0; i < count; i++)
                {
                    var slot = ready[i].Data;
                    if (slot < (ulong)streams.Length && streams[slot] is { } stream)
                    {
                        stream.OnEvents(ready[i].Events);
                    }
                }
            }
        }
    }
}
