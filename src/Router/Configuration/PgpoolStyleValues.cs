namespace HtapRouter.Router.Configuration;

/// <summary>
/// Makes "Router" values from the command line and the environment read as in a pgpool.conf: "off" and "yes" for
/// booleans, "1min" for seconds, "dml_adaptive" for an enum, "nextval,setval" for a list, and the backends in one
/// string (<see cref="BackendNodes"/>). Values already in the binder's own form ("False", "DmlAdaptive") pass through.
/// </summary>
internal static class PgpoolStyleValues
{
    /// <summary>Rewrites <paramref name="data"/> in place; <paramref name="describe"/> names a key as the user wrote it.</summary>
    public static void Normalize(IDictionary<string, string?> data, Func<string, string> describe, List<string> errors)
    {
        BackendNodes.Expand(data, describe(BackendNodes.Key), errors);
        foreach (var setting in RouterSettings.All)
        {
            var key = setting.ConfigurationKey;
            if (!data.TryGetValue(key, out var text) || text is null)
            {
                continue;
            }

            var prefix = key + ":";
            if (setting.IsList && data.Keys.Any(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{describe(key)}: give the list either as one value or item by item ({key}:0), not both");
            }
            else if (setting.TryConvert(text, out var scalar, out var items, out var expected))
            {
                RouterSettings.Write(data, key, scalar, items);
            }
            else
            {
                errors.Add($"invalid value '{text}' for {describe(key)}: {expected}");
            }
        }
    }
}
