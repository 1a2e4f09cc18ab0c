using HtapRouter.Router.Configuration;

namespace HtapRouter.Router.Backends;

/// <summary>
/// The configured backends: node 0 the primary, the others standbys. Chooses where reads go, pgpool's way: a
/// weighted random choice among usable nodes, skipping standbys further behind than delay_threshold (or, with
/// prefer_lower_delay_standby, taking the least delayed standby instead of the primary).
/// </summary>
public sealed class BackendCluster
{
    private readonly RouterOptions _options;

    public BackendCluster(RouterOptions options)
    {
        _options = options;
        Nodes = [.. options.Backends.OrderBy(b => b.Id).Select(b => new BackendNode(b, isPrimary: b.Id == PrimaryId(options)))];
        for (var i = 0; i < Nodes.Count; i++)
        {
            Nodes[i].Index = i;
        }
        Balances = options.LoadBalanceMode && Nodes.Any(n => !n.IsPrimary && n.Options.Weight > 0);
        Primary = Nodes.FirstOrDefault(n => n.IsPrimary) ?? throw new InvalidOperationException("No backend is configured.");
    }

    public IReadOnlyList<BackendNode> Nodes { get; }

    public BackendNode Primary { get; }

    public BackendNode? Find(int id) => Nodes.FirstOrDefault(n => n.Id == id);

    /// <summary>Whether reads may go to standbys at all (load_balance_mode, and at least one weighted standby).</summary>
    public bool Balances { get; }

    /// <summary>
    /// Picks the node a session (or, with statement-level balancing, a statement) reads from. Only nodes that
    /// <paramref name="eligible"/> accepts are considered; null when none is usable (the caller then reads from the primary).
    /// </summary>
    /// <param name="eligible">Which nodes may serve the read; null for every node.</param>
    /// <param name="preferred">Weights that override the configured ones (redirect preference lists); null to use the configured.</param>
    public BackendNode? ChooseReadNode(Func<BackendNode, bool>? eligible = null, IReadOnlyDictionary<int, double>? preferred = null)
    {
        if (!_options.LoadBalanceMode)
        {
            return Primary.IsUsable ? Primary : null;
        }

        Span<double> weights = stackalloc double[Nodes.Count];
        var total = 0.0;
        for (var i = 0; i < Nodes.Count; i++)
        {
            var node = Nodes[i];
            var weight = preferred is not null
                ? preferred.GetValueOrDefault(node.Id)
                : node.Options.Weight;
            if (weight <= 0 || !node.IsUsable || (eligible is not null && !eligible(node)) || (!node.IsPrimary && IsTooFarBehind(node)))
            {
                continue;
            }
            weights[i] = weight;
            total += weight;
        }

        if (total <= 0)
        {
            return _options.PreferLowerDelayStandby ? LeastDelayedStandby(eligible) : null;
        }

        var pick = Random.Shared.NextDouble() * total;
        for (var i = 0; i < Nodes.Count; i++)
        {
            if (weights[i] <= 0)
            {
                continue;
            }
            pick -= weights[i];
            if (pick < 0)
            {
                return Nodes[i];
            }
        }
        return Nodes[^1];
    }

    /// <summary>Whether a standby's last measured delay is over delay_threshold (bytes, or ms by time).</summary>
    public bool IsTooFarBehind(BackendNode node)
    {
        if (_options.DelayThreshold <= 0 || node.IsPrimary)
        {
            return false;
        }
        var replication = node.Replication;
        var delay = _options.DelayThresholdByTime ? replication.DelayMilliseconds : replication.DelayBytes;
        return delay > _options.DelayThreshold;
    }

    /// <summary>lb_weight as SHOW POOL_NODES prints it: the weights normalised to add up to 1.</summary>
    public double NormalizedWeight(BackendNode node)
    {
        var total = Nodes.Sum(n => n.Options.Weight);
        return total <= 0 ? 0 : node.Options.Weight / total;
    }

    private BackendNode? LeastDelayedStandby(Func<BackendNode, bool>? eligible) =>
        Nodes.Where(n => !n.IsPrimary && n.IsUsable && n.Options.Weight > 0 && (eligible is null || eligible(n)))
            .OrderBy(n => (_options.DelayThresholdByTime ? n.Replication.DelayMilliseconds : n.Replication.DelayBytes) ?? long.MaxValue)
            .FirstOrDefault();

    private static int PrimaryId(RouterOptions options) =>
        options.Backends.FirstOrDefault(b => b.Flag.Contains("ALWAYS_PRIMARY", StringComparison.OrdinalIgnoreCase))?.Id
        ?? options.Backends.Min(b => b.Id);
}
