using System.Collections;
using HtapRouter.Router.Configuration.Pgpool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HtapRouter.Router.Configuration;

/// <summary>
/// Loads the router's configuration. Program.cs does:
/// <code>
/// if (CommandLine.IsHelpRequested(args)) { Console.WriteLine(CommandLine.Help); return 0; }
/// var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
/// builder.Configuration.AddRouterConfiguration(args);   // throws RouterConfigurationException
/// builder.Services.AddRouterOptions(builder.Configuration);   // IOptions&lt;RouterOptions&gt;, validated at start
/// </code>
/// Sources, later ones winning key by key: appsettings.json (added by the host builder), HTAP_* environment
/// variables, the pgpool.conf named by --pgpool-conf or Router:PgpoolConf, then the command line. Backends and the
/// list settings are the exception: each comes whole from the last source that gives any of it (see
/// <see cref="RouterOptionsSetup"/>). Values in the environment and on the command line read as in a pgpool.conf
/// ("off", "1min", "dml_adaptive").
/// </summary>
public static class RouterConfiguration
{
    private const string PgpoolConfKey = RouterOptions.Section + ":" + nameof(RouterOptions.PgpoolConf);

    /// <summary>
    /// Adds the environment, the pgpool.conf and the command line to <paramref name="builder"/>. A malformed switch or
    /// environment value, or a pgpool.conf that cannot be read or has an error, throws
    /// <see cref="RouterConfigurationException"/> listing every problem, from here when <paramref name="builder"/>
    /// is a <see cref="ConfigurationManager"/> (as HostApplicationBuilder.Configuration is), else from Build().
    /// </summary>
    public static IConfigurationBuilder AddRouterConfiguration(this IConfigurationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(args);
        return builder.AddRouterConfiguration(args, Environment.GetEnvironmentVariables());
    }

    /// <summary>
    /// Registers <see cref="RouterOptions"/> bound from <paramref name="configuration"/>, its validation when the host
    /// starts (an <see cref="OptionsValidationException"/> listing every problem and where each value came from), and
    /// the logging of pgpool.conf warnings then.
    /// </summary>
    public static IServiceCollection AddRouterOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RouterOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<RouterOptions>>(new RouterOptionsSetup(configuration));
        services.AddSingleton<IOptionsChangeTokenSource<RouterOptions>>(
            new ConfigurationChangeTokenSource<RouterOptions>(configuration.GetSection(RouterOptions.Section)));
        services.AddSingleton<IValidateOptions<RouterOptions>>(new RouterOptionsValidator(configuration));
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<ConfigurationReport>(sp, configuration));
        return services;
    }

    /// <summary>As the public overload, with the environment given, for tests.</summary>
    internal static IConfigurationBuilder AddRouterConfiguration(this IConfigurationBuilder builder, string[] args, IDictionary environment)
    {
        builder.Add(new RouterEnvironmentSource(environment));

        // The command line is read once here, first to report its errors before any file is read, and because it
        // may name the pgpool.conf; the source reads it again when the configuration is built.
        var commandLine = new RouterCommandLineProvider(args);
        commandLine.Load();
        var pgpoolConf = commandLine.TryGet(PgpoolConfKey, out var path) ? path : ReadSoFar(builder, PgpoolConfKey);
        if (!string.IsNullOrEmpty(pgpoolConf))
        {
            builder.Add(new PgpoolConfigurationSource(pgpoolConf));
        }

        builder.Add(new RouterCommandLineSource(args));
        return builder;
    }

    /// <summary>The value of <paramref name="key"/> from the sources added so far.</summary>
    private static string? ReadSoFar(IConfigurationBuilder builder, string key)
    {
        // A ConfigurationManager has loaded its sources already; any other builder needs a build.
        if (builder is IConfiguration configuration)
        {
            return configuration[key];
        }

        var root = builder.Build();
        try
        {
            return root[key];
        }
        finally
        {
            (root as IDisposable)?.Dispose();
        }
    }
}
