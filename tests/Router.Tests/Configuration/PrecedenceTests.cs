using HtapRouter.Router.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HtapRouter.Router.Tests.Configuration;

/// <summary>appsettings.json, then HTAP_* variables, then pgpool.conf, then the command line: later ones win.</summary>
public sealed class PrecedenceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(1, 1001)]
    [InlineData(2, 1002)]
    [InlineData(3, 1003)]
    [InlineData(4, 1004)]
    public void Build_EachLayer_OverridesTheOnesBelow(int layers, int port)
    {
        var appSettings = _directory.Write("appsettings.json", """{ "Router": { "Port": 1001, "HttpPort": 8080 } }""");
        var environment = new Dictionary<string, string> { ["HTAP_Router__Port"] = "1002", ["HTAP_Router__MaxPool"] = "7" };
        var pgpoolConf = _directory.Write("pgpool.conf", "port = 1003\nnum_init_children = 9\n");
        string[] args = ["--port", "1004"];

        var options = ConfigurationHarness.Bind(ConfigurationHarness.Build(
            [.. layers >= 3 ? ["--pgpool-conf", pgpoolConf] : Array.Empty<string>(), .. layers >= 4 ? args : []],
            layers >= 2 ? environment : null,
            appSettings));

        Assert.Equal(port, options.Port);
        Assert.Equal(8080, options.HttpPort);
        Assert.Equal(layers >= 2 ? 7 : 4, options.MaxPool);
        Assert.Equal(layers >= 3 ? 9 : 32, options.NumInitChildren);
    }

    [Fact]
    public void Build_Backends_ComeWholeFromTheLastSourceThatGivesThem()
    {
        var appSettings = _directory.Write("appsettings.json", """
            { "Router": { "Backends": [ { "Host": "a0" }, { "Host": "a1" }, { "Host": "a2", "Weight": 5 } ] } }
            """);
        var pgpoolConf = _directory.Write("pgpool.conf", """
            backend_hostname0 = 'p0'
            backend_port0 = 5432
            backend_weight0 = 1
            backend_hostname1 = 'p1'
            backend_port1 = 5433
            backend_weight1 = 1
            """);

        var fromJson = ConfigurationHarness.Bind(ConfigurationHarness.Build([], appSettings: appSettings));
        var fromPgpool = ConfigurationHarness.Bind(ConfigurationHarness.Build(["--pgpool-conf", pgpoolConf], appSettings: appSettings));
        var fromSwitch = ConfigurationHarness.Bind(ConfigurationHarness.Build(["--pgpool-conf", pgpoolConf, "--backends", "0:c0"], appSettings: appSettings));

        Assert.Equal([(0, "a0"), (1, "a1"), (2, "a2")], fromJson.Backends.Select(backend => (backend.Id, backend.Host)));
        Assert.Equal([(0, "p0", 5432), (1, "p1", 5433)], fromPgpool.Backends.Select(backend => (backend.Id, backend.Host, backend.Port)));
        Assert.Equal([(0, "c0")], fromSwitch.Backends.Select(backend => (backend.Id, backend.Host)));
    }

    [Fact]
    public void Build_Lists_ComeWholeFromTheLastSourceThatGivesThem()
    {
        var appSettings = _directory.Write("appsettings.json", """{ "Router": { "WriteFunctionList": [ "a", "b", "c" ] } }""");
        var pgpoolConf = _directory.Write("pgpool.conf", "write_function_list = ''\n");

        var fromEnvironment = ConfigurationHarness.Bind(ConfigurationHarness.Build(
            [], new Dictionary<string, string> { ["HTAP_Router__WriteFunctionList"] = "x,y" }, appSettings));
        var emptied = ConfigurationHarness.Bind(ConfigurationHarness.Build(["--pgpool-conf", pgpoolConf], appSettings: appSettings));

        Assert.Equal(["x", "y"], fromEnvironment.WriteFunctionList);
        Assert.Empty(emptied.WriteFunctionList);
    }

    [Fact]
    public void Build_PgpoolConfNamedInTheEnvironmentOrAppSettings_IsRead()
    {
        var fromEnvironment = _directory.Write("env.conf", "port = 2001\n");
        var fromJson = _directory.Write("json.conf", "port = 2002\n");
        var fromSwitch = _directory.Write("switch.conf", "port = 2003\n");
        var appSettings = _directory.Write("appsettings.json", $$"""{ "Router": { "PgpoolConf": "{{fromJson}}" } }""");
        var environment = new Dictionary<string, string> { ["HTAP_Router__PgpoolConf"] = fromEnvironment };

        Assert.Equal(2002, ConfigurationHarness.Bind(ConfigurationHarness.Build([], appSettings: appSettings)).Port);
        Assert.Equal(2001, ConfigurationHarness.Bind(ConfigurationHarness.Build([], environment, appSettings)).Port);
        Assert.Equal(2003, ConfigurationHarness.Bind(ConfigurationHarness.Build(["--pgpool-conf", fromSwitch], environment, appSettings)).Port);
    }

    [Fact]
    public void Build_PlainConfigurationBuilder_WorksAsTheManager()
    {
        var pgpoolConf = _directory.Write("pgpool.conf", "port = 3001\nbackend_hostname0 = 'db0'\nbackend_port0 = 5432\nbackend_weight0 = 1\n");
        var environment = new Dictionary<string, string> { ["HTAP_Router__PgpoolConf"] = pgpoolConf };

        var configuration = new ConfigurationBuilder().AddRouterConfiguration([], environment).Build();

        Assert.Equal(3001, ConfigurationHarness.Options(configuration).Port);
    }

    [Fact]
    public void Build_BadPgpoolConf_ThrowsWithEveryProblem()
    {
        var pgpoolConf = _directory.Write("pgpool.conf", "port = x\nlisten_addresses = '*'\nload_balance_mode = maybe\n");

        var exception = Assert.Throws<RouterConfigurationException>(() => ConfigurationHarness.Build(["--pgpool-conf", pgpoolConf]));

        Assert.Equal(
            [
                $"{pgpoolConf}:1: invalid value 'x' for port: expected a whole number",
                $"{pgpoolConf}:3: invalid value 'maybe' for load_balance_mode: expected on or off",
            ],
            exception.Problems);
    }

    [Fact]
    public void Build_MissingPgpoolConf_SaysSo()
    {
        var exception = Assert.Throws<RouterConfigurationException>(() => ConfigurationHarness.Build(["--pgpool-conf", "/nonexistent/pgpool.conf"]));

        Assert.Equal("cannot read pgpool.conf '/nonexistent/pgpool.conf': it does not exist", exception.Message);
    }

    [Fact]
    public void Host_AsProgramBuildsIt_GetsTheOptions()
    {
        using var host = BuildHost(["--http-port", "7002"], new Dictionary<string, string> { ["HTAP_Router__Backends__0__Host"] = "db9" });

        var options = host.Services.GetRequiredService<IOptions<RouterOptions>>().Value;

        Assert.Equal((7001, 7002), (options.Port, options.HttpPort));
        Assert.Equal([(0, "db9")], options.Backends.Select(backend => (backend.Id, backend.Host)));
    }

    [Fact]
    public async Task Host_WithBadOptions_DoesNotStart()
    {
        using var host = BuildHost([], new Dictionary<string, string> { ["HTAP_Router__Backends__1__Host"] = "db1" });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(["Router:Backends: there is no node 0, the primary (from environment variables HTAP_*)"], exception.Failures);
    }

    private IHost BuildHost(string[] args, Dictionary<string, string> environment)
    {
        _directory.Write("appsettings.json", """{ "Router": { "Port": 7001, "Backends": { "0": { "Host": "db0" } } } }""");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = _directory.Path });
        builder.Configuration.AddRouterConfiguration(args, environment);
        builder.Services.AddRouterOptions(builder.Configuration);
        return builder.Build();
    }

    public void Dispose() => _directory.Dispose();
}
