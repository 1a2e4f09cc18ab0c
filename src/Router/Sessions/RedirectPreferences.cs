using System.Globalization;
using System.Text.RegularExpressions;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;

namespace HtapRouter.Router.Sessions;

/// <summary>
/// pgpool's database_redirect_preference_list and app_name_redirect_preference_list: entries
/// <c>pattern:node[(weight)]</c>, where the pattern is a regular expression matched against the whole database or
/// application name, the node a node id, <c>primary</c> or <c>standby</c>, and the weight (0 to 1, default 1) the
/// share of matching sessions sent there; the others are balanced as usual. The application name list wins
/// over the database list, as in pgpool.
/// </summary>
public sealed class RedirectPreferences
{
    private readonly List<Entry> _byApplication;
    private readonly List<Entry> _byDatabase;
    private readonly BackendCluster _cluster;

    public RedirectPreferences(RouterOptions options, BackendCluster cluster)
    {
        _cluster = cluster;
        _byApplication = Parse(options.AppNameRedirectPreferenceList, "app_name_redirect_preference_list");
        _byDatabase = Parse(options.DatabaseRedirectPreferenceList, "database_redirect_preference_list");
    }

    /// <summary>Weights replacing the configured ones for this session's reads, or null to balance as configured.</summary>
    public IReadOnlyDictionary<int, double>? WeightsFor(SessionIdentity identity)
    {
        if (_byApplication.Count == 0 && _byDatabase.Count == 0)
        {
            return null;
        }

        var application = identity.Parameters.FirstOrDefault(p => p.Key == "application_name").Value ?? string.Empty;
        var entry = _byApplication.FirstOrDefault(e => e.Pattern.IsMatch(application))
                    ?? _byDatabase.FirstOrDefault(e => e.Pattern.IsMatch(identity.Database));
        if (entry is null || Random.Shared.NextDouble() >= entry.Share)
        {
            return null;
        }

        var weights = new Dictionary<int, double>();
        foreach (var node in _cluster.Nodes)
        {
            var chosen = entry.Node switch
            {
                "primary" => node.IsPrimary,
                "standby" => !node.IsPrimary,
                _ => node.Id.ToString(CultureInfo.InvariantCulture) == entry.Node,
            };
            if (chosen)
            {
                weights[node.Id] = entry.Node == "standby" ? Math.Max(node.Options.Weight, double.Epsilon) : 1;
            }
        }
        return weights;
    }

    private static List<Entry> Parse(IEnumerable<string> items, string setting)
    {
        var entries = new List<Entry>();
        foreach (var raw in items.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var colon = raw.LastIndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException($"{setting}: '{raw}' is not 'pattern:node[(weight)]'");
            }
            var pattern = raw[..colon];
            var target = raw[(colon + 1)..].Trim();
            var share = 1.0;
            var open = target.IndexOf('(', StringComparison.Ordinal);
            if (open >= 0)
            {
                if (!target.EndsWith(')') || !double.TryParse(target[(open + 1)..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out share)
                    || share is < 0 or > 1)
                {
                    throw new FormatException($"{setting}: '{raw}' has a weight that is not a number from 0 to 1");
                }
                target = target[..open];
            }
            target = target.ToLowerInvariant();
            if (target is not ("primary" or "standby") && !int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new FormatException($"{setting}: '{raw}' names node '{target}': expected a node id, primary or standby");
            }
            entries.Add(new Entry(
                new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking),
                target, share));
        }
        return entries;
    }

    private sealed record Entry(Regex Pattern, string Node, double Share);
}
