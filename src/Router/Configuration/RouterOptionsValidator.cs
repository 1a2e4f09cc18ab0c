using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HtapRouter.Router.Configuration;

/// <summary>
/// Checks <see cref="RouterOptions"/> when the host starts, so a bad setting stops the router with every problem
/// listed rather than failing a client later. Each message names the setting's configuration path and, when the
/// configuration is known, where the value came from ("Router:Port: must be from 0 to 65535, not 70000 (from port
/// at pgpool.conf:12)"); a key that is no setting at all (Router:Prot) is reported too. Passwords are never shown.
/// </summary>
internal sealed partial class RouterOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<RouterOptions>
{
    private static readonly HashSet<string> RouterProperties = PropertyNames(typeof(RouterOptions));
    private static readonly HashSet<string> BackendProperties = PropertyNames(typeof(BackendOptions));

    /// <summary>A problem with the setting at <paramref name="Path"/>, such as Router:Backends:1:Port.</summary>
    private readonly record struct Problem(string Path, string Message);

    public ValidateOptionsResult Validate(string? name, RouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<Problem>();
        if (configuration is not null)
        {
            CheckKeys(configuration.GetSection(RouterOptions.Section), problems);
        }

        Check(options, problems);
        if (problems.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(problems.Select(problem =>
            configuration is not null && ConfigurationLayers.DescribeOrigin(configuration, problem.Path) is { } origin
                ? $"{problem.Path}: {problem.Message} (from {origin})"
                : $"{problem.Path}: {problem.Message}"));
    }

    /// <summary>Every problem with <paramref name="options"/>, each "path: message"; none when it is valid.</summary>
    public static IReadOnlyList<string> Validate(RouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<Problem>();
        Check(options, problems);
        return [.. problems.Select(problem => $"{problem.Path}: {problem.Message}")];
    }

    private static void Check(RouterOptions options, List<Problem> problems)
    {
        CheckAnnotations(options, RouterOptions.Section, problems);
        CheckListening(options, problems);
        CheckClients(options, problems);
        CheckBackends(options.Backends, problems);
        CheckLists(options, problems);
    }

    /// <summary>Keys under Router that no property binds, which the binder would silently drop.</summary>
    private static void CheckKeys(IConfigurationSection router, List<Problem> problems)
    {
        foreach (var setting in router.GetChildren())
        {
            if (!RouterProperties.Contains(setting.Key))
            {
                problems.Add(new(setting.Path, setting.Key == "BackendNodes"
                    ? "is read from --backends and HTAP_Router__BackendNodes only; elsewhere give Backends"
                    : "is not a router setting (see --help)"));
            }
            else if (setting.Key.Equals(nameof(RouterOptions.Backends), StringComparison.OrdinalIgnoreCase))
            {
                foreach (var field in setting.GetChildren().SelectMany(node => node.GetChildren()))
                {
                    if (!BackendProperties.Contains(field.Key))
                    {
                        problems.Add(new(field.Path, "is not a backend setting: a backend has Host, Port, Weight, Flag and ApplicationName"));
                    }
                }
            }
        }
    }

    /// <summary>The [Range] and [Required] rules on <paramref name="instance"/>'s properties, in our words.</summary>
    private static void CheckAnnotations(object instance, string path, List<Problem> problems)
    {
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(instance);
            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (rule.IsValid(value))
                {
                    continue;
                }

                problems.Add(new($"{path}:{property.Name}", rule switch
                {
                    RangeAttribute range when IsUnbounded(range.Maximum) => $"must be {Format(range.Minimum)} or more, not {Format(value)}",
                    RangeAttribute range => $"must be from {Format(range.Minimum)} to {Format(range.Maximum)}, not {Format(value)}",
                    RequiredAttribute => "must be set",
                    _ => rule.FormatErrorMessage(property.Name),
                }));
            }
        }
    }

    private static bool IsUnbounded(object maximum) => maximum is double.MaxValue or (double)long.MaxValue or int.MaxValue;

    private static string? Format(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture);

    private static HashSet<string> PropertyNames(Type type) =>
        new(type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(property => property.Name), StringComparer.OrdinalIgnoreCase);
}
