using HtapRouter.PgWire.Client;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.Router.Backends;

/// <summary>
/// A connection to one backend, owned by one client session at a time and cached between sessions by
/// <see cref="BackendPool"/>. Remembers which prepared statements the router created on it, so a statement
/// prepared on another backend can be prepared here again before it is used.
/// </summary>
public sealed class BackendConnection : IAsyncDisposable
{
    internal BackendConnection(BackendNode node, PgClientConnection connection, string poolKey)
    {
        Node = node;
        Client = connection;
        PoolKey = poolKey;
    }

    public BackendNode Node { get; }

    public PgClientConnection Client { get; }

    /// <summary>User, database and startup settings the connection was opened with.</summary>
    internal string PoolKey { get; }

    /// <summary>Statement names prepared on this connection by the session that holds it.</summary>
    public HashSet<string> Statements { get; } = new(StringComparer.Ordinal);

    /// <summary>The connection can no longer be trusted (I/O failed, protocol out of step): never reuse it.</summary>
    public bool IsBroken { get; private set; }

    public TransactionStatus TransactionStatus => Client.TransactionStatus;

    public void MarkBroken() => IsBroken = true;

    public ValueTask DisposeAsync() => Client.DisposeAsync();

    public override string ToString() => $"{Node} pid {Client.ProcessId}";
}
