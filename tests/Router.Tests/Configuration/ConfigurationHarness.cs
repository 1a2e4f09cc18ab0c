using System.Collections;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Configuration.Pgpool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HtapRouter.Router.Tests.Configuration;

/// <summary>A private directory for the files one test writes (appsettings.json, pgpool.conf), deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("htap-router-config-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the directory and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Builds the router's configuration as Program.cs does, with the environment given instead of the process's.</summary>
internal static class ConfigurationHarness
{
    /// <summary>A ConfigurationManager with appsettings.json from <paramref name="appSettings"/> (if any), then the router's sources.</summary>
    public static ConfigurationManager Build(string[] args, IDictionary? environment = null, string? appSettings = null)
    {
        var configuration = new ConfigurationManager();
        if (appSettings is not null)
        {
            configuration.AddJsonFile(appSettings, optional: false, reloadOnChange: false);
        }

        configuration.AddRouterConfiguration(args, environment ?? new Hashtable());
        return configuration;
    }

    /// <summary>The options as the host would give them, validation included.</summary>
    public static RouterOptions Options(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRouterOptions(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RouterOptions>>().Value;
    }

    /// <summary>The options bound but not validated, for settings that alone would not pass validation.</summary>
    public static RouterOptions Bind(IConfiguration configuration)
    {
        var options = new RouterOptions();
        new RouterOptionsSetup(configuration).Configure(options);
        return options;
    }

    /// <summary>The messages validation gives, through the host's validator so they name where each value came from.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Options(configuration));
        return [.. exception.Failures];
    }

    /// <summary>A pgpool.conf text read into configuration, as the --pgpool-conf source would.</summary>
    public static IConfigurationRoot FromPgpoolConf(string text)
    {
        var conf = PgpoolConf.Parse(text);
        Assert.Empty(conf.Errors);
        return new ConfigurationBuilder().AddInMemoryCollection(conf.Data).Build();
    }
}
