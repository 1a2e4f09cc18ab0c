using System.Globalization;

namespace HtapRouter.Router.Configuration.Pgpool;

internal sealed partial class PgpoolConfMapper
{
    /// <summary>pgpool's MAX_NUM_BACKENDS: node numbers go from 0 to 127.</summary>
    private const int MaxBackends = 128;

    private readonly SortedDictionary<int, BackendLines> _backends = [];

    /// <summary>A key with a node number at its end: backend_port0, health_check_period1, hostname0.</summary>
    private void MapPerNode(PgpoolConfEntry entry)
    {
        var digits = entry.Key.Length;
        while (digits > 0 && char.IsAsciiDigit(entry.Key[digits - 1]))
        {
            digits--;
        }

        var name = entry.Key[..digits];
        var hasIndex = digits < entry.Key.Length;
        if (name.StartsWith("backend_", StringComparison.Ordinal) && BackendLines.Fields.Contains(name))
        {
            if (!hasIndex)
            {
                Error(entry, $"{name} needs the node number at its end, as in {name}0");
            }
            else if (!int.TryParse(entry.Key.AsSpan(digits), NumberStyles.None, CultureInfo.InvariantCulture, out var node) || node >= MaxBackends)
            {
                Error(entry, $"{entry.Key}: node numbers go from 0 to {MaxBackends - 1}");
            }
            else
            {
                MapBackendLine(entry, name, node);
            }
        }
        else if (PgpoolKeys.IgnoredPerNode.Contains(name))
        {
            Warn(entry, name.StartsWith("health_check_", StringComparison.Ordinal)
                ? $"{entry.Key} is ignored: the router applies {name} to every node, without per-node values"
                : $"{entry.Key} is ignored: the router does not implement it");
        }
        else if (hasIndex && PgpoolKeys.RemovedPerNode.Contains(name))
        {
            Warn(entry, $"{entry.Key} is ignored, as pgpool-II 4.3 ignores it: {PgpoolKeys.Removed[name]}");
        }
        else
        {
            Error(entry, PgpoolKeySuggestions.Unknown(entry.Key, name, entry.Key[digits..]));
        }
    }

    private void MapBackendLine(PgpoolConfEntry entry, string field, int node)
    {
        if (!_backends.TryGetValue(node, out var lines))
        {
            _backends.Add(node, lines = new BackendLines());
        }

        switch (field)
        {
            case "backend_hostname":
                lines.Host = entry;
                break;
            case "backend_port":
                if (SettingValues.TryParseInteger(entry.Value, SettingUnit.None, 1, 65_535, out var port))
                {
                    lines.Port = (entry, (int)port);
                }
                else
                {
                    Invalid(entry, "expected a port number from 1 to 65535");
                }

                break;
            case "backend_weight":
                if (SettingValues.TryParseWeight(entry.Value, out var weight))
                {
                    lines.Weight = (entry, weight);
                }
                else
                {
                    Invalid(entry, "expected a number, 0 or more");
                }

                break;
            case "backend_flag":
                if (BackendFlags.Check(entry.Value) is { } problem)
                {
                    Error(entry, $"invalid value '{entry.Value}' for {entry.Key}: {problem}");
                }
                else
                {
                    lines.Flag = entry;
                }

                break;
            case "backend_application_name":
                lines.ApplicationName = entry;
                break;
            default:
                // backend_data_directory only serves pgpool's online recovery; it is read and set aside quietly.
                break;
        }
    }

    /// <summary>
    /// Writes the backends as pgpool uses them: a node exists when it has backend_portN; it then needs a host, and
    /// without backend_weightN its weight is 0, pgpool's default.
    /// </summary>
    private void MapBackends()
    {
        foreach (var (node, lines) in _backends)
        {
            var prefix = $"{RouterOptions.Section}:{nameof(RouterOptions.Backends)}:{node.ToString(CultureInfo.InvariantCulture)}:";
            if (lines.Port is not ({ } port, var portNumber))
            {
                if (lines.Host is { } host)
                {
                    Warn(host, $"node {node} has no backend_port{node}, so pgpool-II does not use it, and neither does the router");
                }

                continue;
            }

            if (lines.Host is not { Value.Length: > 0 } hostLine)
            {
                // pgpool would use a Unix-domain socket in its compiled-in directory, which the router cannot know.
                Error(lines.Host ?? port, $"node {node} has no backend_hostname{node}: give a host name or address, or the directory of the server's Unix-domain socket");
                continue;
            }

            Set(prefix + nameof(BackendOptions.Host), hostLine.Value, null, hostLine);
            Set(prefix + nameof(BackendOptions.Port), portNumber.ToString(CultureInfo.InvariantCulture), null, port);
            if (lines.Weight is ({ } weight, var weightNumber))
            {
                Set(prefix + nameof(BackendOptions.Weight), weightNumber.ToString(CultureInfo.InvariantCulture), null, weight);
            }
            else
            {
                Warn(port, $"node {node} has no backend_weight{node}, so its weight is 0, as in pgpool-II: it gets no load-balanced reads");
                Set(prefix + nameof(BackendOptions.Weight), "0", null, port);
            }

            if (lines.Flag is { } flag)
            {
                Set(prefix + nameof(BackendOptions.Flag), flag.Value, null, flag);
            }

            if (lines.ApplicationName is { } applicationName)
            {
                Set(prefix + nameof(BackendOptions.ApplicationName), applicationName.Value, null, applicationName);
            }
        }
    }

    /// <summary>The backend_*N lines of one node, the last of each kind.</summary>
    private sealed class BackendLines
    {
        public static readonly HashSet<string> Fields =
        [
            "backend_hostname", "backend_port", "backend_weight", "backend_flag", "backend_application_name", "backend_data_directory",
        ];

        public PgpoolConfEntry? Host { get; set; }

        public (PgpoolConfEntry Line, int Number)? Port { get; set; }

        public (PgpoolConfEntry Line, double Number)? Weight { get; set; }

        public PgpoolConfEntry? Flag { get; set; }

        public PgpoolConfEntry? ApplicationName { get; set; }
    }
}
