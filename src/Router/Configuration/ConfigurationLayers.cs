using Microsoft.Extensions.Configuration;

namespace HtapRouter.Router.Configuration;

/// <summary>Looks at the configuration source by source: which one set a key, and what one source holds under a path.</summary>
internal static class ConfigurationLayers
{
    /// <summary>
    /// The keys at and under <paramref name="path"/> of the last source that has any, as a configuration of their
    /// own; null when no source has one.
    /// </summary>
    public static IConfiguration? LastToSet(IConfigurationRoot root, string path)
    {
        foreach (var provider in root.Providers.Reverse())
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            Collect(provider, path, data);
            if (data.Count > 0)
            {
                return new ConfigurationBuilder().AddInMemoryCollection(data).Build();
            }
        }

        return null;
    }

    /// <summary>Where the value at <paramref name="key"/> came from, such as "--port" or "port at pgpool.conf:5"; null if unknown.</summary>
    public static string? DescribeOrigin(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return null;
        }

        IConfigurationProvider? below = null;
        foreach (var provider in root.Providers.Reverse())
        {
            if (provider.TryGet(key, out _))
            {
                return (provider as ISettingOrigins)?.DescribeOrigin(key) ?? provider.ToString();
            }

            if (below is null && provider.GetChildKeys([], key).Any())
            {
                below = provider;
            }
        }

        return below?.ToString();
    }

    private static void Collect(IConfigurationProvider provider, string path, Dictionary<string, string?> data)
    {
        if (provider.TryGet(path, out var value))
        {
            data[path] = value;
        }

        foreach (var child in provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            Collect(provider, ConfigurationPath.Combine(path, child), data);
        }
    }
}
