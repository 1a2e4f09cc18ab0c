using System.Text.RegularExpressions;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Configuration.Pgpool;
using Microsoft.Extensions.Configuration;

namespace HtapRouter.Router.Tests.Configuration.Pgpool;

/// <summary>
/// The pgpool.conf Debian's pgpool2 package ships (4.3 on bookworm; "apt-get install pgpool2"): as shipped, and with
/// every commented-out setting switched on, which is how users start their own.
/// </summary>
public partial class DebianSampleTests
{
    private const string Sample = "/usr/share/doc/pgpool2/examples/pgpool.conf.sample";
    private const string Installed = "/etc/pgpool2/pgpool.conf";

    [Fact]
    public void Read_DebianSampleAsShipped_HasNoErrors()
    {
        var conf = PgpoolConf.Read(Require(Sample));

        Assert.Empty(conf.Errors);
        Assert.All(conf.Warnings, warning => Assert.Contains("is ignored", warning.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_DebianConfigurationAsInstalled_HasNoErrors()
    {
        Assert.Empty(PgpoolConf.Read(Require(Installed)).Errors);
    }

    [Fact]
    public void Read_DebianSampleWithEverySettingOn_ReadsItsValues()
    {
        using var directory = new TempDirectory();
        var text = CommentedSetting().Replace(File.ReadAllText(Require(Sample)), "$1");
        var path = directory.Write("pgpool.conf", text);

        var conf = PgpoolConf.Read(path);
        var options = ConfigurationHarness.Bind(new ConfigurationBuilder().AddInMemoryCollection(conf.Data).Build());

        Assert.Empty(conf.Errors);
        Assert.True(conf.Warnings.Count > 100, $"only {conf.Warnings.Count} keys ignored");
        Assert.Equal("localhost", options.ListenAddresses);
        Assert.Equal(5433, options.Port);
        Assert.Equal(
            [
                new BackendOptions { Id = 0, Host = "host1", Port = 5432, Weight = 1, Flag = "ALLOW_TO_FAILOVER", ApplicationName = "server0" },
                new BackendOptions { Id = 1, Host = "host2", Port = 5433, Weight = 1, Flag = "ALLOW_TO_FAILOVER", ApplicationName = "server1" },
            ],
            options.Backends);
        Assert.Equal(DisableLoadBalanceOnWrite.Transaction, options.DisableLoadBalanceOnWrite);
        Assert.Equal(10, options.SrCheckPeriod);
        Assert.Equal("nobody", options.SrCheckUser);
        Assert.Equal(0, options.HealthCheckPeriod);
        Assert.Equal(20, options.HealthCheckTimeout);
        Assert.False(options.AutoFailback);
        Assert.Empty(options.ReadOnlyFunctionList);
        Assert.Null(options.CertificatePath);
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: install Debian's pgpool2 package ('apt-get install pgpool2').", path);

    /// <summary>A line "#key = value…" as the sample comments out its settings (not its prose, which has no "=" after one word).</summary>
    [GeneratedRegex(@"^#([a-z_0-9]+\s*=)", RegexOptions.Multiline)]
    private static partial Regex CommentedSetting();
}
