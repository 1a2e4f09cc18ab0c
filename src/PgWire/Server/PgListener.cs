using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace HtapRouter.PgWire.Server;

/// <summary>
/// Accepts TCP connections and runs one handler per connection. A handler's failure is logged and ends only
/// its own connection; <see cref="StopAsync"/> stops accepting, then gives running handlers a bounded time
/// to finish before cancelling them.
/// </summary>
public sealed partial class PgListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Func<Socket, CancellationToken, Task> _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _draining = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;

    public PgListener(IPEndPoint endpoint, Func<Socket, CancellationToken, Task> handler, ILogger logger)
    {
        _handler = handler;
        _logger = logger;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            _socket.DualMode = true;
        }

        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endpoint);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public int ActiveConnections => _connections.Count;

    /// <summary>
    /// Cancelled as soon as <see cref="StopAsync"/> begins, and always before <see cref="Stopping"/>: a handler should
    /// then end a session that waits for its client's next message, and let one that is busy finish.
    /// </summary>
    public CancellationToken Draining => _draining.Token;

    /// <summary>Cancelled when the listener stops; handlers should end their sessions then.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void Start(int backlog = 512)
    {
        _socket.Listen(backlog);
        _acceptLoop = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException) when (_stopping.IsCancellationRequested || !_socket.IsBound)
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                break; // the listening socket was closed by StopAsync
            }
            catch (SocketException e)
            {
                LogAcceptFailed(e.SocketErrorCode);
                continue;
            }

            client.NoDelay = true;
            var connection = RunConnectionAsync(client);
            _connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(
                static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
                _connections, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task RunConnectionAsync(Socket client)
    {
        await Task.Yield();
        try
        {
            await _handler(client, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception e)
        {
            LogConnectionFailed(e, client.RemoteEndPoint?.ToString() ?? "?");
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// Stops accepting and signals <see cref="Draining"/>, waits up to <paramref name="drainTimeout"/> for sessions,
    /// then cancels the rest.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        await _draining.CancelAsync();
        _socket.Close();
        await _acceptLoop;
        var running = Task.WhenAll(_connections.Keys);
        if (await Task.WhenAny(running, Task.Delay(drainTimeout)) != running)
        {
            await _stopping.CancelAsync();
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        await _stopping.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync(TimeSpan.Zero);
        }

        _socket.Dispose();
        _draining.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(EventId = PgWireEventIds.AcceptFailed, Level = LogLevel.Warning, Message = "Accepting a connection failed: {Error}")]
    private partial void LogAcceptFailed(SocketError error);

    [LoggerMessage(EventId = PgWireEventIds.ConnectionFailed, Level = LogLevel.Error, Message = "Connection from {Remote} ended with an unexpected error")]
    private partial void LogConnectionFailed(Exception exception, string remote);
}
