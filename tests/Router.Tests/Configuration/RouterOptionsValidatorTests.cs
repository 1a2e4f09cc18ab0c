using HtapRouter.Router.Configuration;

namespace HtapRouter.Router.Tests.Configuration;

public class RouterOptionsValidatorTests
{
    private static readonly RouterOptions Valid = new()
    {
        Backends = [new BackendOptions { Id = 0, Host = "db0" }, new BackendOptions { Id = 1, Host = "db1", Port = 5433 }],
    };

    [Fact]
    public void Validate_TwoBackends_IsValid() => Assert.Empty(RouterOptionsValidator.Validate(Valid));

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_BadSetting_SaysWhichAndWhy(RouterOptions options, string problem) =>
        Assert.Equal([problem], RouterOptionsValidator.Validate(options));

    public static TheoryData<RouterOptions, string> BadOptions() => new()
    {
        { Valid with { Backends = [] }, "Router:Backends: there are none: give node 0, the primary, and any standbys, with --backends 0:<host>:<port>,1:<host>:<port>, backend_hostname0 and backend_port0 in pgpool.conf, or Router:Backends:0:Host" },
        { Valid with { Backends = [new() { Id = 0 }, new() { Id = 1 }, new() { Id = 1, Host = "other" }] }, "Router:Backends: node 1 is given 2 times" },
        { Valid with { Backends = [new() { Id = 1 }, new() { Id = 2 }] }, "Router:Backends: there is no node 0, the primary" },
        { Valid with { Backends = [new() { Id = 0, Weight = -1 }] }, "Router:Backends:0:Weight: must be 0 or more, not -1" },
        { Valid with { Backends = [new() { Id = 0, Port = 0 }] }, "Router:Backends:0:Port: must be from 1 to 65535, not 0" },
        { Valid with { Backends = [new() { Id = 0, Host = "" }] }, "Router:Backends:0:Host: must be set" },
        { Valid with { Backends = [new() { Id = 0, Flag = "ALLOW" }] }, "Router:Backends:0:Flag: unknown flag 'ALLOW': expected ALLOW_TO_FAILOVER, DISALLOW_TO_FAILOVER or ALWAYS_PRIMARY, joined by |" },
        { Valid with { Backends = [new() { Id = 0 }, new() { Id = 1, Flag = "ALWAYS_PRIMARY" }] }, "Router:Backends:1:Flag: ALWAYS_PRIMARY is on node 1, but the router takes node 0 as the primary" },
        { Valid with { Port = 70000 }, "Router:Port: must be from 0 to 65535, not 70000" },
        { Valid with { NumInitChildren = 0 }, "Router:NumInitChildren: must be from 1 to 100000, not 0" },
        { Valid with { DelayThreshold = -5 }, "Router:DelayThreshold: must be 0 or more, not -5" },
        { Valid with { ListenAddresses = "" }, "Router:ListenAddresses: is empty, but the router listens on TCP only: give \"*\", an address or a host name" },
        { Valid with { HttpPort = 9999 }, "Router:HttpPort: is 9999, the port clients use (Router:Port)" },
        { Valid with { AuthMethod = "ldap" }, "Router:AuthMethod: is 'ldap', not one of scram-sha-256, md5, password or trust" },
        { Valid with { CertificatePath = "server.crt" }, "Router:CertificatePath: is set alone: TLS needs both the certificate (--cert) and its key (--key)" },
        { Valid with { Users = new() { ["alice"] = "" } }, "Router:Users:alice: has an empty secret" },
        { Valid with { ShutdownTimeout = TimeSpan.FromSeconds(-1) }, "Router:ShutdownTimeout: must not be negative" },
        { Valid with { ReadOnlyFunctionList = ["ok", "bad("] }, "Router:ReadOnlyFunctionList:1: 'bad(' is not a regular expression: Invalid pattern '^bad($' at offset 6. Not enough )'s." },
        { Valid with { DatabaseRedirectPreferenceList = ["postgres:primary", "mydb"] }, "Router:DatabaseRedirectPreferenceList:1: 'mydb': expected <regex>:<node>[(<weight>)], such as mydb:1(0.5)" },
        { Valid with { AppNameRedirectPreferenceList = ["psql:replica"] }, "Router:AppNameRedirectPreferenceList:0: 'psql:replica': node 'replica' is not a node id from 0 to 127, primary or standby" },
        { Valid with { AppNameRedirectPreferenceList = ["psql:1(2)"] }, "Router:AppNameRedirectPreferenceList:0: 'psql:1(2)': the weight in '1(2)' is not a number from 0 to 1 in parentheses" },
    };

    [Fact]
    public void Validate_RedirectLists_AcceptPgpoolsForms()
    {
        var options = Valid with
        {
            DatabaseRedirectPreferenceList = ["postgres:primary", "mydb[01]:1(0.3)", "mydb2:standby", "x:STANDBY(1)"],
            AppNameRedirectPreferenceList = ["psql:0", "app.*:127(0)"],
        };

        Assert.Empty(RouterOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_FromConfiguration_NamesWhereEachValueCameFrom()
    {
        using var directory = new TempDirectory();
        var pgpoolConf = directory.Write("pgpool.conf", "port = 70000\nread_only_function_list = 'ok,bad('\n");

        var problems = ConfigurationHarness.Problems(ConfigurationHarness.Build(
            ["--pgpool-conf", pgpoolConf, "--Router:Prot", "1", "--auth", "ldap", "--backends", "0:db0,1:db1:5432:1::ALWAYS_PRIMARY"],
            new Dictionary<string, string> { ["HTAP_Router__Backends__0__Hots"] = "x", ["HTAP_Router__WriteFunctionList"] = "f(" }));

        Assert.Equal(
            [
                "Router:Backends:0:Hots: is not a backend setting: a backend has Host, Port, Weight, Flag and ApplicationName (from environment variable HTAP_Router__Backends__0__Hots)",
                "Router:Prot: is not a router setting (see --help) (from --Router:Prot)",
                $"Router:Port: must be from 0 to 65535, not 70000 (from port at {pgpoolConf}:1)",
                "Router:AuthMethod: is 'ldap', not one of scram-sha-256, md5, password or trust (from --auth)",
                "Router:Backends:1:Flag: ALWAYS_PRIMARY is on node 1, but the router takes node 0 as the primary (from --backends)",
                $"Router:ReadOnlyFunctionList:1: 'bad(' is not a regular expression: Invalid pattern '^bad($' at offset 6. Not enough )'s. (from read_only_function_list at {pgpoolConf}:2)",
                "Router:WriteFunctionList:0: 'f(' is not a regular expression: Invalid pattern '^f($' at offset 4. Not enough )'s. (from environment variable HTAP_Router__WriteFunctionList)",
            ],
            problems);
    }

    [Fact]
    public void ToString_LeavesThePasswordsOut()
    {
        var text = (Valid with { SrCheckPassword = "pw-one", HealthCheckPassword = "pw-two" }).ToString();

        Assert.DoesNotContain("pw-", text, StringComparison.Ordinal);
        Assert.Contains("SrCheckPassword = (hidden)", text, StringComparison.Ordinal);
        Assert.Contains("Port = 9999", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Setup_BackendKeyThatIsNoNodeId_IsReported()
    {
        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => ConfigurationHarness.Bind(ConfigurationHarness.Build(
            [], new Dictionary<string, string> { ["HTAP_Router__Backends__primary__Host"] = "db0", ["HTAP_Router__Backends__1__Id"] = "2" })));

        Assert.Equal(
            [
                "Router:Backends:1:Id is 2, but a backend's key is its node id: write it as Router:Backends:2 (from environment variable HTAP_Router__Backends__1__Id)",
                "Router:Backends:primary: a backend's key is its node id, from 0 to 127 (from environment variables HTAP_*)",
            ],
            exception.Failures);
    }

    [Fact]
    public void Setup_UnconvertibleValue_NamesItsSource()
    {
        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => ConfigurationHarness.Bind(ConfigurationHarness.Build(
            ["--Router:ShutdownTimeout", "soon"])));

        Assert.Equal(["Failed to convert configuration value 'soon' at 'Router:ShutdownTimeout' to type 'System.TimeSpan'. (from --Router:ShutdownTimeout)"], exception.Failures);
    }
}
