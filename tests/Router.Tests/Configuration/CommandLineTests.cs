using System.Text.RegularExpressions;
using HtapRouter.Router.Configuration;

namespace HtapRouter.Router.Tests.Configuration;

public partial class CommandLineTests
{
    [Fact]
    public void Help_ListsEverySwitch()
    {
        var listed = ListedSwitch().Matches(CommandLine.Help).Select(match => match.Groups[1].Value);

        Assert.Empty(CommandLine.Switches.Keys.Except(listed));
    }

    [Fact]
    public void Help_ListsOnlyRealSwitches()
    {
        var listed = ListedSwitch().Matches(CommandLine.Help).Select(match => match.Groups[1].Value).Distinct();

        Assert.Equal(["--help"], listed.Except(CommandLine.Switches.Keys));
    }

    [Fact]
    public void Switches_EachReachesARouterSetting()
    {
        var options = typeof(RouterOptions).GetProperties().Select(property => "Router:" + property.Name).Append(BackendNodes.Key);

        Assert.Empty(CommandLine.Switches.Values.Except(options));
    }

    [Theory]
    [InlineData("--help", true)]
    [InlineData("-h", true)]
    [InlineData("--port", false)]
    public void IsHelpRequested_HelpSwitch_IsSeen(string arg, bool expected) =>
        Assert.Equal(expected, CommandLine.IsHelpRequested(["--port", "1", arg]));

    [Fact]
    public void Switches_PgpoolStyleValues_AreRead()
    {
        var options = ConfigurationHarness.Bind(ConfigurationHarness.Build(
        [
            "--port", "6432", "--listen", "*", "--load-balance-mode", "off", "--statement-level-load-balance=yes",
            "--disable-load-balance-on-write", "trans_transaction", "--health-check-period", "1min", "--delay-threshold", "1MB",
            "--read-only-function-list", "nextval, setval", "--primary-routing-query-pattern-list", @"^SELECT 1$;^SET x = \'a\;b\'$",
            "--http-port", "8080", "--Router:AuthMethod", "md5",
        ]));

        Assert.Equal(6432, options.Port);
        Assert.Equal("*", options.ListenAddresses);
        Assert.False(options.LoadBalanceMode);
        Assert.True(options.StatementLevelLoadBalance);
        Assert.Equal(DisableLoadBalanceOnWrite.TransTransaction, options.DisableLoadBalanceOnWrite);
        Assert.Equal(60, options.HealthCheckPeriod);
        Assert.Equal(1024 * 1024, options.DelayThreshold);
        Assert.Equal(["nextval", "setval"], options.ReadOnlyFunctionList);
        Assert.Equal(["^SELECT 1$", @"^SET x = 'a\;b'$"], options.PrimaryRoutingQueryPatternList);
        Assert.Equal(8080, options.HttpPort);
        Assert.Equal("md5", options.AuthMethod);
    }

    [Fact]
    public void Switches_DotNetStyleValues_StillWork()
    {
        var options = ConfigurationHarness.Bind(ConfigurationHarness.Build(
            ["--load-balance-mode", "False", "--disable-load-balance-on-write", "DmlAdaptive", "--Router:ReadOnlyFunctionList:0", "f"]));

        Assert.False(options.LoadBalanceMode);
        Assert.Equal(DisableLoadBalanceOnWrite.DmlAdaptive, options.DisableLoadBalanceOnWrite);
        Assert.Equal(["f"], options.ReadOnlyFunctionList);
    }

    [Theory]
    [InlineData(new[] { "--load-balance-mode", "maybe" }, "invalid value 'maybe' for --load-balance-mode: expected on or off")]
    [InlineData(new[] { "--sr-check-period", "often" }, "invalid value 'often' for --sr-check-period: expected a whole number of seconds, such as 10 or 1min")]
    [InlineData(new[] { "--Router:AllowSqlComments", "2" }, "invalid value '2' for --Router:AllowSqlComments: expected on or off")]
    [InlineData(new[] { "--prot", "9999" }, "unknown switch --prot (see --help)")]
    [InlineData(new[] { "--write-function-list", "a", "--Router:WriteFunctionList:1", "b" }, "--write-function-list: give the list either as one value or item by item (Router:WriteFunctionList:0), not both")]
    public void Switches_Malformed_ErrorNamesTheSwitch(string[] args, string error)
    {
        var exception = Assert.Throws<RouterConfigurationException>(() => ConfigurationHarness.Build(args));

        Assert.Equal([error], exception.Problems);
    }

    [Theory]
    [InlineData(new[] { "-p", "1" }, "unknown switch -p (see --help)")]
    [InlineData(new[] { "-p=1" }, "unknown switch -p (see --help)")]
    [InlineData(new[] { "9999", "--port", "1" }, "unexpected argument 1: settings are given as --name value (see --help)")]
    [InlineData(new[] { "--Router:SrCheckPassword", "my", "secret" }, "unexpected argument 3: settings are given as --name value (see --help)")]
    public void Switches_WhatDotNetWouldSkip_IsAnError(string[] args, string error)
    {
        var exception = Assert.Throws<RouterConfigurationException>(() => ConfigurationHarness.Build(args));

        Assert.Equal([error], exception.Problems);
    }

    [GeneratedRegex(@"(?<![\w-])(--[a-z][a-z-]*)(?![\w-])")]
    private static partial Regex ListedSwitch();
}
