namespace HtapRouter.Router.Configuration.Pgpool;

/// <summary>The error for a key no pgpool-II knows, with the known key it most likely misspells.</summary>
internal static class PgpoolKeySuggestions
{
    private static readonly string[] ScalarKeys =
    [
        .. RouterSettings.All.Select(setting => setting.PgpoolKey),
        "backend_clustering_mode", "ssl", "ssl_cert", "ssl_key", "delay_threshold_by_time",
        .. PgpoolKeys.Ignored, .. PgpoolKeys.Added, .. PgpoolKeys.Removed.Keys,
    ];

    private static readonly string[] PerNodeKeys =
    [
        "backend_hostname", "backend_port", "backend_weight", "backend_flag", "backend_application_name", "backend_data_directory",
        .. PgpoolKeys.IgnoredPerNode, .. PgpoolKeys.RemovedPerNode,
    ];

    /// <summary>The message for <paramref name="key"/>, which is <paramref name="name"/> followed by <paramref name="index"/> digits, if any.</summary>
    public static string Unknown(string key, string name, string index)
    {
        var guess = Closest(key, ScalarKeys);
        if (index.Length > 0 && Closest(name, PerNodeKeys) is { } perNode && (guess is null || Distance(name, perNode) < Distance(key, guess)))
        {
            guess = perNode + index;
        }

        return guess is null
            ? $"unknown key {key}: pgpool-II has no such setting"
            : $"unknown key {key}: pgpool-II has no such setting (did you mean {guess}?)";
    }

    /// <summary>The candidate within two edits of <paramref name="key"/> (case aside), nearest first.</summary>
    private static string? Closest(string key, string[] candidates)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var candidate in candidates)
        {
            var distance = Distance(key.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    /// <summary>Levenshtein distance, in one row.</summary>
    private static int Distance(string a, string b)
    {
        Span<int> row = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
