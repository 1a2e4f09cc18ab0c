using HtapRouter.Router.Configuration;
using Microsoft.Extensions.Configuration;

namespace HtapRouter.Router.Tests.Configuration;

/// <summary>The public entry point reads the process's own environment; the other tests give theirs.</summary>
public class EnvironmentTests
{
    [Fact]
    public void AddRouterConfiguration_ProcessEnvironment_IsRead()
    {
        // A variable no other test sets, so running beside them is safe.
        const string name = "HTAP_Router__SrCheckUser";
        Environment.SetEnvironmentVariable(name, "from-the-environment");
        try
        {
            var configuration = new ConfigurationManager();
            configuration.AddRouterConfiguration(["--backends", "0:db0"]);

            Assert.Equal("from-the-environment", ConfigurationHarness.Options(configuration).SrCheckUser);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
