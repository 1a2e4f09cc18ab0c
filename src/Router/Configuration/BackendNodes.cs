using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace HtapRouter.Router.Configuration;

/// <summary>
/// The backends in one string, as the bitnami/pgpool image's PGPOOL_BACKEND_NODES gives them: entries separated by
/// commas, semicolons or spaces, each <c>id:host[:port[:weight[:datadir[:flag]]]]</c>, such as
/// "0:10.0.0.1:5432,1:10.0.0.2:5432:2". Port defaults to 5432, weight to 1 and flag to ALLOW_TO_FAILOVER; datadir is
/// pgpool's backend_data_directory, which the router does not need, so it may be empty. A flag given fifth, where
/// bitnami puts datadir ("0:h:5432:1:ALWAYS_PRIMARY"), is taken as the flag, since no data directory is named so.
/// An IPv6 address goes in brackets: "1:[::1]:5433". Given by --backends or HTAP_Router__BackendNodes.
/// </summary>
internal static class BackendNodes
{
    /// <summary>The configuration key the switch and the environment variable set, expanded by <see cref="Expand"/>.</summary>
    public const string Key = RouterOptions.Section + ":BackendNodes";

    /// <summary>Where <see cref="Key"/> puts the backends.</summary>
    public const string ExpandsTo = RouterOptions.Section + ":" + nameof(RouterOptions.Backends);

    private const string Syntax = "id:host[:port[:weight[:datadir[:flag]]]]";

    /// <summary>
    /// Replaces <see cref="Key"/> in <paramref name="data"/> by Router:Backends:&lt;id&gt;:* keys. Keys of those nodes
    /// that <paramref name="data"/> already holds win, so "--backends 0:a --Router:Backends:0:Weight=0" works.
    /// </summary>
    public static void Expand(IDictionary<string, string?> data, string source, List<string> errors)
    {
        if (!data.TryGetValue(Key, out var text))
        {
            return;
        }

        data.Remove(Key);
        var backends = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<int>();
        foreach (var entry in (text ?? string.Empty).Split([',', ';', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParse(entry, out var node, out var fields, out var problem) && !seen.Add(node))
            {
                problem = $"node {node} is given twice";
            }

            if (problem is not null)
            {
                errors.Add($"{source}: entry '{entry}': {problem}");
                continue;
            }

            var prefix = ConfigurationPath.Combine(ExpandsTo, node.ToString(CultureInfo.InvariantCulture));
            foreach (var (name, value) in fields)
            {
                backends[ConfigurationPath.Combine(prefix, name)] = value;
            }
        }

        // With no entries, the source still says "these are the backends: none", for the validator to report.
        if (seen.Count == 0)
        {
            backends[ExpandsTo] = string.Empty;
        }

        foreach (var (key, value) in backends)
        {
            data.TryAdd(key, value);
        }
    }

    private static bool TryParse(string entry, out int node, out List<(string Name, string Value)> fields, out string? problem)
    {
        fields = [];
        node = -1;
        problem = null;
        var parts = Split(entry);
        if (parts is null || parts.Count < 2 || parts.Count > 6 || parts[1].Length == 0)
        {
            problem = $"expected {Syntax}";
            return false;
        }

        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out node) || node > 127)
        {
            problem = $"node id '{parts[0]}' is not a number from 0 to 127";
            return false;
        }

        fields.Add((nameof(BackendOptions.Host), parts[1]));
        if (parts.Count > 2 && parts[2].Length > 0)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65_535)
            {
                problem = $"port '{parts[2]}' is not a number from 1 to 65535";
                return false;
            }

            fields.Add((nameof(BackendOptions.Port), parts[2]));
        }

        if (parts.Count > 3 && parts[3].Length > 0)
        {
            if (!SettingValues.TryParseWeight(parts[3], out _))
            {
                problem = $"weight '{parts[3]}' is not a number, 0 or more";
                return false;
            }

            fields.Add((nameof(BackendOptions.Weight), parts[3]));
        }

        var flag = parts.Count > 5 ? parts[5] : parts.Count == 5 && BackendFlags.Check(parts[4]) is null ? parts[4] : string.Empty;
        if (flag.Length > 0)
        {
            if (BackendFlags.Check(flag) is { } flagProblem)
            {
                problem = flagProblem;
                return false;
            }

            fields.Add((nameof(BackendOptions.Flag), flag));
        }

        return true;
    }

    /// <summary>Splits at colons, keeping a bracketed IPv6 host whole (without its brackets); null when a bracket is unclosed.</summary>
    private static List<string>? Split(string entry)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i <= entry.Length; i++)
        {
            if (i < entry.Length && entry[i] == '[' && i == start)
            {
                var close = entry.IndexOf(']', i);
                if (close < 0 || (close + 1 < entry.Length && entry[close + 1] != ':'))
                {
                    return null;
                }

                parts.Add(entry[(i + 1)..close]);
                i = close + 1;
                start = i + 1;
            }
            else if (i == entry.Length || entry[i] == ':')
            {
                parts.Add(entry[start..i]);
                start = i + 1;
            }
        }

        return parts;
    }
}
