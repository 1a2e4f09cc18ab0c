using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace HtapRouter.PgWire.Transport;

/// <summary>The few Linux calls <see cref="SocketEventLoop"/> and <see cref="EventLoopSocketStream"/> make themselves.</summary>
internal static unsafe partial class LinuxSockets
{
    private const string Libc = "libc";

    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEdgeTriggered = 1u << 31;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCtlMod = 3;
    public const int EpollCloseOnExec = 0x80000;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int MsgPeek = 0x2;
    public const int MsgNoSignal = 0x4000;

    /// <summary>x86-64's <c>struct epoll_event</c>, which the kernel packs there (and only there).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    /// <summary>The layout above is x86-64's; elsewhere the streams fall back to <see cref="NetworkStream"/>.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [LibraryImport(Libc, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport(Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epoll, int operation, int fd, EpollEvent* ev);

    [LibraryImport(Libc, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, EpollEvent* events, int maxEvents, int timeout);

    [LibraryImport(Libc, EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Libc, EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int fd, byte* buffer, nuint length, int flags);

    /// <summary>1 when there is a byte to read, 0 at the end of the stream, or minus the errno; reads nothing.</summary>
    public static int Peek(int fd)
    {
        byte one = 0;
        return Receive(fd, new Span<byte>(ref one), MsgPeek);
    }

    /// <summary>Bytes received (0 at the end of the stream), or minus the errno.</summary>
    private static int Receive(int fd, Span<byte> buffer, int flags)
    {
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var received = Recv(fd, bytes, (nuint)buffer.Length, flags);
                if (received >= 0)
                {
                    return (int)received;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EIntr)
                {
                    return -errno;
                }
            }
        }
    }

    /// <summary>Bytes received (0 at the end of the stream), or minus the errno.</summary>
    public static int Receive(int fd, Span<byte> buffer) => Receive(fd, buffer, 0);

    /// <summary>Bytes sent, or minus the errno. Never raises SIGPIPE.</summary>
    public static int Transmit(int fd, ReadOnlySpan<byte> buffer)
    {
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var sent = Send(fd, bytes, (nuint)buffer.Length, MsgNoSignal);
                if (sent >= 0)
                {
                    return (int)sent;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EIntr)
                {
                    return -errno;
                }
            }
        }
    }

    /// <summary>The <see cref="SocketError"/> for an errno, as <see cref="Socket"/> reports it.</summary>
    public static SocketError ToSocketError(int errno) => errno switch
    {
        11 => SocketError.WouldBlock,
        32 => SocketError.Shutdown,            // EPIPE
        103 => SocketError.ConnectionAborted,  // ECONNABORTED
        104 => SocketError.ConnectionReset,    // ECONNRESET
        107 => SocketError.NotConnected,       // ENOTCONN
        110 => SocketError.TimedOut,           // ETIMEDOUT
        111 => SocketError.ConnectionRefused,  // ECONNREFUSED
        113 => SocketError.HostUnreachable,    // EHOSTUNREACH
        101 => SocketError.NetworkUnreachable, // ENETUNREACH
        _ => SocketError.SocketError,
    };
}
