using HtapRouter.Router.Backends;

namespace HtapRouter.Router.Monitoring;

/// <summary>Router-wide counters: reads and writes routed per node, fallbacks to the primary, connections.</summary>
public sealed class RouterMetrics
{
    private readonly long[] _writes;
    private long _fallbacks;
    private long _clientConnections;
    private long _clientConnectionsTotal;
    private long _refusedConnections;

    public RouterMetrics(BackendCluster cluster)
    {
        _writes = new long[cluster.Nodes.Count];
    }

    public void CountWrite(BackendNode node) => Interlocked.Increment(ref _writes[node.Index]);

    public void CountFallback() => Interlocked.Increment(ref _fallbacks);

    /// <summary>Reads routed to a node: its select_cnt, the one count of them.</summary>
    public static long Reads(BackendNode node) => node.SelectCount;

    public long Writes(BackendNode node) => Interlocked.Read(ref _writes[node.Index]);

    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    public long ClientConnections => Interlocked.Read(ref _clientConnections);

    public long ClientConnectionsTotal => Interlocked.Read(ref _clientConnectionsTotal);

    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    /// <summary>Counts a client in; false (and counted as refused) when <paramref name="limit"/> are connected already.</summary>
    public bool TryEnterClient(int limit)
    {
        if (Interlocked.Increment(ref _clientConnections) > limit)
        {
            Interlocked.Decrement(ref _clientConnections);
            Interlocked.Increment(ref _refusedConnections);
            return false;
        }
        Interlocked.Increment(ref _clientConnectionsTotal);
        return true;
    }

    public void ExitClient() => Interlocked.Decrement(ref _clientConnections);
}
