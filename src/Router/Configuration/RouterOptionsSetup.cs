using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HtapRouter.Router.Configuration;

/// <summary>
/// Binds <see cref="RouterOptions"/> from the "Router" section, with two rules the plain binder lacks:
/// <list type="bullet">
/// <item>A list (Backends and the *List settings) comes whole from the last source that gives any of it. Merged key by
/// key, an appsettings.json list of three and a command-line list of two would make a list of three, the last one
/// from appsettings.json, which no one means.</item>
/// <item>Each backend's key is its node id (Router:Backends:1:Host is node 1, in every source), so
/// <see cref="BackendOptions.Id"/> comes from the key; an Id that says otherwise is an error.</item>
/// </list>
/// A value the binder cannot convert or a backend key that is not a node id throws
/// <see cref="OptionsValidationException"/>, like the validator, saying where the value came from.
/// </summary>
internal sealed partial class RouterOptionsSetup(IConfiguration configuration) : IConfigureOptions<RouterOptions>
{
    private const string BackendsKey = RouterOptions.Section + ":" + nameof(RouterOptions.Backends);

    private static readonly (string Key, Func<RouterOptions, List<string>> List)[] Lists =
    [
        (RouterOptions.Section + ":" + nameof(RouterOptions.ReadOnlyFunctionList), options => options.ReadOnlyFunctionList),
        (RouterOptions.Section + ":" + nameof(RouterOptions.WriteFunctionList), options => options.WriteFunctionList),
        (RouterOptions.Section + ":" + nameof(RouterOptions.PrimaryRoutingQueryPatternList), options => options.PrimaryRoutingQueryPatternList),
        (RouterOptions.Section + ":" + nameof(RouterOptions.DatabaseRedirectPreferenceList), options => options.DatabaseRedirectPreferenceList),
        (RouterOptions.Section + ":" + nameof(RouterOptions.AppNameRedirectPreferenceList), options => options.AppNameRedirectPreferenceList),
    ];

    public void Configure(RouterOptions options)
    {
        var problems = new List<string>();
        Bind(configuration.GetSection(RouterOptions.Section), options, problems);
        foreach (var (key, list) in Lists)
        {
            if (Owner(key) is { } owner)
            {
                list(options).Clear();
                list(options).AddRange(owner.GetSection(key).GetChildren().Select(item => item.Value).OfType<string>());
            }
        }

        if (Owner(BackendsKey) is { } backends)
        {
            options.Backends.Clear();
            foreach (var node in backends.GetSection(BackendsKey).GetChildren())
            {
                AddBackend(node, options.Backends, problems);
            }
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(RouterOptions), problems);
        }
    }

    /// <summary>The configuration of the last source that sets <paramref name="key"/>; all of it merged when sources cannot be told apart.</summary>
    private IConfiguration? Owner(string key) =>
        configuration is IConfigurationRoot root ? ConfigurationLayers.LastToSet(root, key) : configuration;

    private void AddBackend(IConfigurationSection node, List<BackendOptions> backends, List<string> problems)
    {
        if (!int.TryParse(node.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id > 127)
        {
            problems.Add($"{node.Path}: a backend's key is its node id, from 0 to 127{From(node.Path)}");
            return;
        }

        var backend = new BackendOptions();
        if (!Bind(node, backend, problems))
        {
            return;
        }

        if (node[nameof(BackendOptions.Id)] is { } given && backend.Id != id)
        {
            problems.Add($"{node.Path}:{nameof(BackendOptions.Id)} is {given}, but a backend's key is its node id: write it as {BackendsKey}:{given}{From(node.Path + ":" + nameof(BackendOptions.Id))}");
            return;
        }

        backends.Add(backend with { Id = id });
    }

    private bool Bind(IConfiguration section, object instance, List<string> problems)
    {
        try
        {
            section.Bind(instance);
            return true;
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the value that would not convert; such a value is never a password,
            // every one of which is a string.
            var key = BinderKey().Match(e.Message);
            problems.Add(key.Success ? e.Message + From(key.Groups[1].Value) : e.Message);
            return false;
        }
    }

    [GeneratedRegex("at '([^']+)'")]
    private static partial Regex BinderKey();

    private string From(string key) => ConfigurationLayers.DescribeOrigin(configuration, key) is { } origin ? $" (from {origin})" : string.Empty;
}
