using System.Globalization;
using System.Text.RegularExpressions;

namespace HtapRouter.Router.Configuration;

internal sealed partial class RouterOptionsValidator
{
    private const string Router = RouterOptions.Section + ":";

    private static readonly HashSet<string> AuthMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "scram-sha-256", "scram", "md5", "password", "trust",
    };

    private static void CheckListening(RouterOptions options, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(options.ListenAddresses))
        {
            // pgpool's '' means Unix-domain sockets only; the router has none.
            problems.Add(new(Router + nameof(RouterOptions.ListenAddresses), "is empty, but the router listens on TCP only: give \"*\", an address or a host name"));
        }

        if (options.HttpPort != 0 && options.HttpPort == options.Port)
        {
            problems.Add(new(Router + nameof(RouterOptions.HttpPort), $"is {options.HttpPort}, the port clients use (Router:Port)"));
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            problems.Add(new(Router + nameof(RouterOptions.ShutdownTimeout), "must not be negative"));
        }
    }

    private static void CheckClients(RouterOptions options, List<Problem> problems)
    {
        if (!AuthMethods.Contains(options.AuthMethod))
        {
            problems.Add(new(Router + nameof(RouterOptions.AuthMethod), $"is '{options.AuthMethod}', not one of scram-sha-256, md5, password or trust"));
        }

        if (string.IsNullOrEmpty(options.CertificatePath) != string.IsNullOrEmpty(options.CertificateKeyPath))
        {
            var given = string.IsNullOrEmpty(options.CertificatePath) ? nameof(RouterOptions.CertificateKeyPath) : nameof(RouterOptions.CertificatePath);
            problems.Add(new(Router + given, "is set alone: TLS needs both the certificate (--cert) and its key (--key)"));
        }

        foreach (var (user, secret) in options.Users)
        {
            if (string.IsNullOrEmpty(secret))
            {
                problems.Add(new($"{Router}{nameof(RouterOptions.Users)}:{user}", "has an empty secret"));
            }
        }
    }

    private static void CheckBackends(List<BackendOptions> backends, List<Problem> problems)
    {
        const string path = Router + nameof(RouterOptions.Backends);
        if (backends.Count == 0)
        {
            problems.Add(new(path, "there are none: give node 0, the primary, and any standbys, with --backends 0:<host>:<port>,1:<host>:<port>, backend_hostname0 and backend_port0 in pgpool.conf, or Router:Backends:0:Host"));
            return;
        }

        foreach (var twice in backends.GroupBy(backend => backend.Id).Where(group => group.Count() > 1))
        {
            problems.Add(new(path, $"node {twice.Key} is given {twice.Count()} times"));
        }

        if (!backends.Exists(backend => backend.Id == 0))
        {
            problems.Add(new(path, "there is no node 0, the primary"));
        }

        foreach (var backend in backends)
        {
            var node = $"{path}:{backend.Id.ToString(CultureInfo.InvariantCulture)}";
            CheckAnnotations(backend, node, problems);
            if (BackendFlags.Check(backend.Flag) is { } problem)
            {
                problems.Add(new($"{node}:{nameof(BackendOptions.Flag)}", problem));
            }
            else if (backend.Id != 0 && BackendFlags.HasAlwaysPrimary(backend.Flag))
            {
                problems.Add(new($"{node}:{nameof(BackendOptions.Flag)}", $"{BackendFlags.AlwaysPrimary} is on node {backend.Id}, but the router takes node 0 as the primary"));
            }
        }
    }

    private static void CheckLists(RouterOptions options, List<Problem> problems)
    {
        // pgpool anchors these patterns at both ends and matches them ignoring case.
        CheckPatterns(nameof(RouterOptions.ReadOnlyFunctionList), options.ReadOnlyFunctionList, problems);
        CheckPatterns(nameof(RouterOptions.WriteFunctionList), options.WriteFunctionList, problems);
        CheckPatterns(nameof(RouterOptions.PrimaryRoutingQueryPatternList), options.PrimaryRoutingQueryPatternList, problems);
        CheckRedirects(nameof(RouterOptions.DatabaseRedirectPreferenceList), options.DatabaseRedirectPreferenceList, problems);
        CheckRedirects(nameof(RouterOptions.AppNameRedirectPreferenceList), options.AppNameRedirectPreferenceList, problems);
    }

    private static void CheckPatterns(string property, List<string> patterns, List<Problem> problems)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (PatternProblem(patterns[i], anchored: true) is { } problem)
            {
                problems.Add(new($"{Router}{property}:{i.ToString(CultureInfo.InvariantCulture)}", problem));
            }
        }
    }

    /// <summary>Each entry is pgpool's "regex:node[(weight)]": node a node id, primary or standby, weight from 0 to 1.</summary>
    private static void CheckRedirects(string property, List<string> entries, List<Problem> problems)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (RedirectProblem(entries[i]) is { } problem)
            {
                problems.Add(new($"{Router}{property}:{i.ToString(CultureInfo.InvariantCulture)}", $"'{entries[i]}': {problem}"));
            }
        }
    }

    private static string? RedirectProblem(string entry)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return "expected <regex>:<node>[(<weight>)], such as mydb:1(0.5)";
        }

        if (PatternProblem(entry[..colon], anchored: false) is { } patternProblem)
        {
            return patternProblem;
        }

        var target = entry.AsSpan(colon + 1);
        var open = target.IndexOf('(');
        var node = open < 0 ? target : target[..open];
        if (!node.Equals("primary", StringComparison.OrdinalIgnoreCase) && !node.Equals("standby", StringComparison.OrdinalIgnoreCase)
            && !(int.TryParse(node, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id < 128))
        {
            return $"node '{node}' is not a node id from 0 to 127, primary or standby";
        }

        if (open >= 0)
        {
            var weight = target[(open + 1)..];
            if (!weight.EndsWith(")", StringComparison.Ordinal)
                || !double.TryParse(weight[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1)
            {
                return $"the weight in '{target}' is not a number from 0 to 1 in parentheses";
            }
        }

        return null;
    }

    private static string? PatternProblem(string pattern, bool anchored)
    {
        var compiled = anchored ? (pattern.StartsWith('^') ? pattern : "^" + pattern) + (pattern.EndsWith('$') ? string.Empty : "$") : pattern;
        try
        {
            _ = new Regex(compiled, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"'{pattern}' is not a regular expression: {e.Message}";
        }
    }
}
