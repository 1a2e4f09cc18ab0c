using System.Net;
using System.Net.Sockets;

namespace HtapRouter.Bench.Stack;

internal static class Ports
{
    /// <summary>A loopback port that was free a moment ago; each server the harness starts gets its own.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
