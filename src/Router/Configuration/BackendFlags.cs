namespace HtapRouter.Router.Configuration;

/// <summary>pgpool-II's backend_flagN: flags joined by '|', written in capitals as pgpool requires.</summary>
internal static class BackendFlags
{
    public const string AllowToFailover = "ALLOW_TO_FAILOVER";
    public const string DisallowToFailover = "DISALLOW_TO_FAILOVER";
    public const string AlwaysPrimary = "ALWAYS_PRIMARY";

    /// <summary>Null when <paramref name="flags"/> is valid, else what is wrong with it. Empty means the default, as in pgpool.</summary>
    public static string? Check(string flags)
    {
        var allow = false;
        var disallow = false;
        foreach (var flag in flags.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (flag)
            {
                case AllowToFailover:
                    allow = true;
                    break;
                case DisallowToFailover:
                    disallow = true;
                    break;
                case AlwaysPrimary:
                    break;
                default:
                    return $"unknown flag '{flag}': expected {AllowToFailover}, {DisallowToFailover} or {AlwaysPrimary}, joined by |";
            }
        }

        return allow && disallow ? $"{AllowToFailover} and {DisallowToFailover} cannot both be set" : null;
    }

    public static bool HasAlwaysPrimary(string flags) =>
        flags.Split('|', StringSplitOptions.RemoveEmptyEntries).Contains(AlwaysPrimary, StringComparer.Ordinal);
}
