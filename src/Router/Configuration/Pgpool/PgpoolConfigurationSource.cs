using Microsoft.Extensions.Configuration;

namespace HtapRouter.Router.Configuration.Pgpool;

/// <summary>A pgpool.conf as a configuration source; see <see cref="PgpoolConfigurationProvider"/>.</summary>
internal sealed class PgpoolConfigurationSource(string path) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new PgpoolConfigurationProvider(path);
}

/// <summary>
/// Reads a pgpool.conf (<see cref="PgpoolConf"/>) into "Router" keys when loaded; any error in it throws
/// <see cref="RouterConfigurationException"/> listing them all. The file is read at startup only: pgpool reloads
/// on pcp_reload_config, which the router does not offer, and a half-edited file must not drop the backends.
/// </summary>
internal sealed class PgpoolConfigurationProvider(string path) : ConfigurationProvider, ISettingOrigins
{
    private Dictionary<string, string> _origins = [];

    /// <summary>The file as named.</summary>
    public string Path => path;

    /// <summary>The lines read but not acted on, for the log.</summary>
    public IReadOnlyList<PgpoolConfWarning> Warnings { get; private set; } = [];

    public override void Load()
    {
        var conf = PgpoolConf.Read(path);
        if (conf.Errors.Count > 0)
        {
            throw new RouterConfigurationException(conf.Errors);
        }

        Data = conf.Data;
        Warnings = conf.Warnings;
        _origins = conf.Origins;
    }

    /// <summary>The line that set <paramref name="key"/> or, for a list item or a backend field, its list or backend.</summary>
    public string? DescribeOrigin(string key)
    {
        for (string? path = key; path is not null; path = ConfigurationPath.GetParentPath(path))
        {
            if (_origins.TryGetValue(path, out var origin))
            {
                return origin;
            }
        }

        return null;
    }

    public override string ToString() => $"pgpool.conf {path}";
}
