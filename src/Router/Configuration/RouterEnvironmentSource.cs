using System.Collections;
using Microsoft.Extensions.Configuration;

namespace HtapRouter.Router.Configuration;

/// <summary>Environment variables named HTAP_&lt;key&gt;, "__" standing for ":", as the analytic node reads them.</summary>
internal sealed class RouterEnvironmentSource(IDictionary variables) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new RouterEnvironmentProvider(variables);
}

/// <summary>
/// Reads HTAP_* variables (HTAP_Router__Port=9999, HTAP_Router__Backends__0__Host=db0) into configuration keys, with
/// pgpool-style values for the "Router" section (<see cref="PgpoolStyleValues"/>), HTAP_Router__BackendNodes among
/// them. A malformed value throws <see cref="RouterConfigurationException"/> naming the variable.
/// </summary>
internal sealed class RouterEnvironmentProvider(IDictionary variables) : ConfigurationProvider, ISettingOrigins
{
    public const string Prefix = "HTAP_";

    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in variables)
        {
            if (variable.Key is string name && name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                _names.Add(name);
                data[name[Prefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = variable.Value as string;
            }
        }

        var errors = new List<string>();
        PgpoolStyleValues.Normalize(data, Describe, errors);
        if (errors.Count > 0)
        {
            throw new RouterConfigurationException(errors);
        }

        Data = data;
    }

    public string? DescribeOrigin(string key) => TryGet(key, out _) ? Describe(key) : null;

    public override string ToString() => $"environment variables {Prefix}*";

    /// <summary>The variable that set <paramref name="key"/>, or the one a list item or backend field was split from.</summary>
    private string Describe(string key)
    {
        for (string? path = key; path is not null; path = ConfigurationPath.GetParentPath(path))
        {
            var name = Prefix + (path == BackendNodes.ExpandsTo ? BackendNodes.Key : path).Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);
            if (_names.Contains(name))
            {
                return "environment variable " + name;
            }
        }

        return "environment variable " + Prefix + key.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);
    }
}
