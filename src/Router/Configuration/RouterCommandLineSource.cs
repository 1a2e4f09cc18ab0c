using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;

namespace HtapRouter.Router.Configuration;

/// <summary>The command line: the switches of <see cref="CommandLine"/> and any --Section:Key=value.</summary>
internal sealed class RouterCommandLineSource(string[] args) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new RouterCommandLineProvider(args);
}

/// <summary>
/// Reads the command line as .NET does (--port 9999, --port=9999, --Router:Port 9999), with pgpool-style values
/// (<see cref="PgpoolStyleValues"/>). What .NET would silently skip or keep is an error here, thrown as
/// <see cref="RouterConfigurationException"/>: a switch that is neither one of <see cref="CommandLine.Switches"/>
/// nor a configuration path with a ':' (a typo such as --prot), a single-dash switch, a stray argument, and a
/// malformed value.
/// </summary>
internal sealed class RouterCommandLineProvider(string[] args) : CommandLineConfigurationProvider(args, CommandLine.Switches), ISettingOrigins
{
    public override void Load()
    {
        var errors = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (arg.StartsWith('-') && !arg.StartsWith("--", StringComparison.Ordinal) && !CommandLine.Switches.ContainsKey(name))
            {
                errors.Add($"unknown switch {name} (see --help)");
            }
            else if (!arg.StartsWith('-') && !arg.StartsWith('/'))
            {
                // Not shown: a stray argument may be the rest of an unquoted password.
                errors.Add($"unexpected argument {i + 1}: settings are given as --name value (see --help)");
                continue;
            }

            // "--name value" takes the next argument as its value, whatever it looks like, as .NET reads it.
            i += arg.Contains('=', StringComparison.Ordinal) ? 0 : 1;
        }

        if (errors.Count == 0)
        {
            base.Load();
            foreach (var key in Data.Keys.Where(key => !key.Contains(':', StringComparison.Ordinal)))
            {
                errors.Add($"unknown switch --{key} (see --help)");
            }

            PgpoolStyleValues.Normalize(Data, Describe, errors);
        }

        if (errors.Count > 0)
        {
            throw new RouterConfigurationException(errors);
        }
    }

    public string? DescribeOrigin(string key) => TryGet(key, out _) ? Describe(key) : null;

    public override string ToString() => "the command line";

    /// <summary>
    /// The switch that set <paramref name="key"/> as it was written ("--port" or "--Router:Port"), or the one a list
    /// item or backend field was split from ("--backends").
    /// </summary>
    private string Describe(string key)
    {
        for (string? path = key; path is not null; path = ConfigurationPath.GetParentPath(path))
        {
            foreach (var arg in args)
            {
                var name = arg.Split('=', 2)[0];
                var target = CommandLine.Switches.TryGetValue(name, out var mapped) ? mapped : name.TrimStart('-', '/');
                if (target.Equals(path, StringComparison.OrdinalIgnoreCase) || (target == BackendNodes.Key && path == BackendNodes.ExpandsTo))
                {
                    return name;
                }
            }
        }

        return "--" + key;
    }
}
