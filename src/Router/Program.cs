using HtapRouter.Router.Configuration;
using HtapRouter.Router.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// The router's socket continuations are short and never block, so they run on the thread that saw the socket become
// ready instead of hopping to the thread pool: with pgbench -S through the router on 2 cores that cut the router's
// CPU per transaction by about 40%. On Linux x64 client and backend connections go further, on PgWire's own event
// loop (EventLoopSocketStream); this covers the sockets left to .NET there (accepting, HTTP) and everything elsewhere.
// It must be set before the first socket is used; an explicit setting wins.
const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
}

if (CommandLine.IsHelpRequested(args))
{
    Console.WriteLine(CommandLine.Help);
    return 0;
}

try
{
    // appsettings.json is read once. Reloading it on change would watch the whole content root (the working directory,
    // where logs and data files may be) and wake a thread-pool thread for every write to any file under it.
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
    builder.Configuration.AddRouterConfiguration(args);
    builder.Services.AddRouter(builder.Configuration);
    using var host = builder.Build();
    await host.RunAsync();
    return 0;
}
catch (RouterConfigurationException e)
{
    Console.Error.WriteLine("htaprouter: the configuration is not usable:");
    foreach (var problem in e.Problems)
    {
        Console.Error.WriteLine($"  {problem}");
    }
    return 2;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine("htaprouter: invalid settings:");
    foreach (var failure in e.Failures)
    {
        Console.Error.WriteLine($"  {failure}");
    }
    return 2;
}
