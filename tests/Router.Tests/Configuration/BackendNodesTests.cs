using HtapRouter.Router.Configuration;

namespace HtapRouter.Router.Tests.Configuration;

public class BackendNodesTests
{
    [Fact]
    public void Backends_PgpoolBackendNodesSyntax_GivesEveryField()
    {
        var options = Backends("0:10.0.0.1:5432:0,1:db1:5433:2.5::DISALLOW_TO_FAILOVER;2:[::1]:5434:1:/data/pg:ALLOW_TO_FAILOVER 3:db3");

        Assert.Equal(
            [
                new BackendOptions { Id = 0, Host = "10.0.0.1", Port = 5432, Weight = 0 },
                new BackendOptions { Id = 1, Host = "db1", Port = 5433, Weight = 2.5, Flag = "DISALLOW_TO_FAILOVER" },
                new BackendOptions { Id = 2, Host = "::1", Port = 5434, Weight = 1, Flag = "ALLOW_TO_FAILOVER" },
                new BackendOptions { Id = 3, Host = "db3", Port = 5432, Weight = 1 },
            ],
            options);
    }

    [Fact]
    public void Backends_FlagInTheDataDirectoryPlace_IsTheFlag()
    {
        var options = Backends("0:db0:5432:1:ALWAYS_PRIMARY,1:db1:5432:1:/var/lib/postgresql/data");

        Assert.Equal(["ALWAYS_PRIMARY", "ALLOW_TO_FAILOVER"], options.Select(backend => backend.Flag));
    }

    [Theory]
    [InlineData("0:db0:5432,x:db1", "--backends: entry 'x:db1': node id 'x' is not a number from 0 to 127")]
    [InlineData("0:db0:5432,128:db1", "--backends: entry '128:db1': node id '128' is not a number from 0 to 127")]
    [InlineData("0:db0:port", "--backends: entry '0:db0:port': port 'port' is not a number from 1 to 65535")]
    [InlineData("0:db0:0", "--backends: entry '0:db0:0': port '0' is not a number from 1 to 65535")]
    [InlineData("0:db0:5432:heavy", "--backends: entry '0:db0:5432:heavy': weight 'heavy' is not a number, 0 or more")]
    [InlineData("0:db0:5432:-1", "--backends: entry '0:db0:5432:-1': weight '-1' is not a number, 0 or more")]
    [InlineData("0", "--backends: entry '0': expected id:host[:port[:weight[:datadir[:flag]]]]")]
    [InlineData("0::5432", "--backends: entry '0::5432': expected id:host[:port[:weight[:datadir[:flag]]]]")]
    [InlineData("0:db0:1:1:d:ALLOW_TO_FAILOVER:x", "--backends: entry '0:db0:1:1:d:ALLOW_TO_FAILOVER:x': expected id:host[:port[:weight[:datadir[:flag]]]]")]
    [InlineData("0:[::1:5432", "--backends: entry '0:[::1:5432': expected id:host[:port[:weight[:datadir[:flag]]]]")]
    [InlineData("0:db0:5432:1:/d:PRIMARY", "--backends: entry '0:db0:5432:1:/d:PRIMARY': unknown flag 'PRIMARY': expected ALLOW_TO_FAILOVER, DISALLOW_TO_FAILOVER or ALWAYS_PRIMARY, joined by |")]
    [InlineData("0:db0,0:db1", "--backends: entry '0:db1': node 0 is given twice")]
    public void Backends_BadEntry_ErrorNamesTheEntry(string backends, string error)
    {
        var exception = Assert.Throws<RouterConfigurationException>(() => ConfigurationHarness.Build(["--backends", backends]));

        Assert.Equal([error], exception.Problems);
    }

    [Fact]
    public void Backends_FromTheEnvironment_NameTheVariable()
    {
        var exception = Assert.Throws<RouterConfigurationException>(() =>
            ConfigurationHarness.Build([], new Dictionary<string, string> { ["HTAP_Router__BackendNodes"] = "0:db0:x" }));

        Assert.Equal(["environment variable HTAP_Router__BackendNodes: entry '0:db0:x': port 'x' is not a number from 1 to 65535"], exception.Problems);
    }

    [Fact]
    public void Backends_WithAFieldSetApart_TheFieldWins()
    {
        var options = ConfigurationHarness.Bind(ConfigurationHarness.Build(["--backends", "0:db0:5432:1", "--Router:Backends:0:Weight=0"]));

        Assert.Equal(0, Assert.Single(options.Backends).Weight);
    }

    private static List<BackendOptions> Backends(string nodes) =>
        ConfigurationHarness.Bind(ConfigurationHarness.Build(["--backends", nodes])).Backends;
}
