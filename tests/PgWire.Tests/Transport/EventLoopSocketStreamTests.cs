using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using HtapRouter.PgWire.Transport;

namespace HtapRouter.PgWire.Tests.Transport;

/// <summary>The event-loop stream over real loopback sockets, against a plain <see cref="NetworkStream"/> peer.</summary>
public sealed class EventLoopSocketStreamTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private Stream _stream = null!;
    private NetworkStream _peer = null!;

    public async Task InitializeAsync()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(8);
        var accepted = _listener.AcceptAsync();
        _stream = await EventLoopSocketStream.ConnectAsync("127.0.0.1", Port, CancellationToken.None);
        _peer = new NetworkStream(await accepted, ownsSocket: true);
    }

    public async Task DisposeAsync()
    {
        await _stream.DisposeAsync();
        await _peer.DisposeAsync();
        _listener.Dispose();
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _peer?.Dispose();
        _listener.Dispose();
    }

    private int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    [Fact]
    public void OnLinuxX64_TheEventLoopIsUsed()
    {
        Assert.Equal(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture ==
            System.Runtime.InteropServices.Architecture.X64, _stream is EventLoopSocketStream);
    }

    [Fact]
    public async Task ReadAsync_WaitsForDataThatArrivesLater()
    {
        var buffer = new byte[16];
        var read = _stream.ReadAsync(buffer).AsTask();
        await Task.Delay(100);
        Assert.False(read.IsCompleted);

        await _peer.WriteAsync("hello"u8.ToArray());
        Assert.Equal(5, await read.WaitAsync(Patience));
        Assert.Equal("hello"u8.ToArray(), buffer[..5]);
    }

    // Megabytes each way at once: both sides' socket buffers fill, so writes wait for the loop's write events and
    // reads for its read events, many times over.
    [Fact]
    public async Task LargeTransfersBothWaysAtOnce_ArriveWholeAndInOrder()
    {
        var outgoing = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);
        var incoming = RandomNumberGenerator.GetBytes(6 * 1024 * 1024);

        var send = Task.Run(async () => await _stream.WriteAsync(outgoing));
        var peerSend = Task.Run(async () => await _peer.WriteAsync(incoming));
        var received = Task.Run(() => ReadExactlyAsync(_stream, incoming.Length));
        var peerReceived = Task.Run(() => ReadExactlyAsync(_peer, outgoing.Length));

        await Task.WhenAll(send, peerSend).WaitAsync(Patience);
        Assert.Equal(incoming, await received.WaitAsync(Patience));
        Assert.Equal(outgoing, await peerReceived.WaitAsync(Patience));
    }

    [Fact]
    public async Task ManySmallRoundTrips_EachAnsweredInTurn()
    {
        var answer = new byte[4];
        for (var i = 0; i < 2000; i++)
        {
            await _stream.WriteAsync(BitConverter.GetBytes(i));
            var question = await ReadExactlyAsync(_peer, 4);
            await _peer.WriteAsync(BitConverter.GetBytes(BitConverter.ToInt32(question) + 1));
            await _stream.ReadExactlyAsync(answer);
            Assert.Equal(i + 1, BitConverter.ToInt32(answer));
        }
    }

    [Fact]
    public async Task ReadAsync_ReturnsZeroWhenThePeerCloses()
    {
        await _peer.WriteAsync(new byte[] { 1, 2, 3 });
        var read = _stream.ReadAsync(new byte[8]).AsTask();
        Assert.Equal(3, await read.WaitAsync(Patience));

        var end = _stream.ReadAsync(new byte[8]).AsTask();
        _peer.Socket.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await end.WaitAsync(Patience));
    }

    // The last data and the end of the stream arrive together, as one event: the read that takes the data leaves
    // the socket looking drained, and only the end remains, which no later event will announce.
    [Fact]
    public async Task ReadAsync_DataAndCloseArrivingTogether_GivesTheDataThenZero()
    {
        await _peer.WriteAsync(new byte[] { 1, 2, 3 });
        _peer.Socket.Shutdown(SocketShutdown.Send);
        await Task.Delay(100);

        var buffer = new byte[8];
        Assert.Equal(3, await _stream.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        Assert.Equal(0, await _stream.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        Assert.Equal(0, await _stream.ReadAsync(buffer).AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task WriteAsync_FailsWithIOExceptionOnceThePeerIsGone()
    {
        _peer.Socket.LingerState = new LingerOption(true, 0); // a reset, not an orderly close
        _peer.Dispose();

        var failure = await Assert.ThrowsAsync<IOException>(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await _stream.WriteAsync(new byte[64 * 1024]);
            }
        });
        Assert.IsType<SocketException>(failure.InnerException);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_ThrowsAndLeavesTheStreamUsable()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _stream.ReadExactlyAsync(new byte[8], cancel.Token));

        await _peer.WriteAsync(new byte[] { 42 });
        var buffer = new byte[8];
        Assert.Equal(1, await _stream.ReadAsync(buffer).AsTask().WaitAsync(Patience));
        Assert.Equal(42, buffer[0]);
    }

    [Fact]
    public async Task Dispose_EndsAWaitingReadWithIOException()
    {
        var read = _stream.ReadAsync(new byte[8]).AsTask();
        await Task.Delay(50);

        await _stream.DisposeAsync();
        await Assert.ThrowsAsync<IOException>(() => read.WaitAsync(Patience));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await _stream.ReadExactlyAsync(new byte[8]));
    }

    [Fact]
    public async Task ZeroByteRead_WaitsUntilDataMayHaveArrived()
    {
        var probe = _stream.ReadAsync(Memory<byte>.Empty).AsTask();
        await Task.Delay(100);
        Assert.False(probe.IsCompleted);

        await _peer.WriteAsync(new byte[] { 7 });
        Assert.Equal(0, await probe.WaitAsync(Patience));
        Assert.Equal([7], await ReadExactlyAsync(_stream, 1));
    }

    [Fact]
    public async Task ConnectAsync_ToAClosedPort_IsRefused()
    {
        using var unused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        unused.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)unused.LocalEndPoint!).Port; // bound, never listening: connections are refused

        var failure = await Assert.ThrowsAsync<SocketException>(() => EventLoopSocketStream.ConnectAsync("127.0.0.1", port, CancellationToken.None));
        Assert.Equal(SocketError.ConnectionRefused, failure.SocketErrorCode);
    }

    [Fact]
    public async Task ConnectAsync_ByHostName_Connects()
    {
        var accepted = _listener.AcceptAsync();
        await using var stream = await EventLoopSocketStream.ConnectAsync("localhost", Port, CancellationToken.None);
        using var peer = new NetworkStream(await accepted.WaitAsync(Patience), ownsSocket: true);

        await stream.WriteAsync("ping"u8.ToArray());
        Assert.Equal("ping"u8.ToArray(), await ReadExactlyAsync(peer, 4));
    }

    [Fact]
    public async Task ManyStreamsAtOnce_EachKeepsItsOwnBytes()
    {
        var pairs = new List<(Stream Mine, NetworkStream Theirs)>();
        try
        {
            for (var i = 0; i < 100; i++)
            {
                var accepted = _listener.AcceptAsync();
                var mine = await EventLoopSocketStream.ConnectAsync("127.0.0.1", Port, CancellationToken.None);
                pairs.Add((mine, new NetworkStream(await accepted, ownsSocket: true)));
            }

            await Task.WhenAll(pairs.Select(async (pair, i) =>
            {
                for (var round = 0; round < 50; round++)
                {
                    await pair.Theirs.WriteAsync(BitConverter.GetBytes(i * 1000 + round));
                    Assert.Equal(i * 1000 + round, BitConverter.ToInt32(await ReadExactlyAsync(pair.Mine, 4)));
                }
            })).WaitAsync(Patience);
        }
        finally
        {
            foreach (var (mine, theirs) in pairs)
            {
                await mine.DisposeAsync();
                await theirs.DisposeAsync();
            }
        }
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }
}
