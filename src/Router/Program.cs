using HtapRouter.Router.Configuration;
using HtapRouter.Router.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

if (CommandLine.IsHelpRequested(args))
{
    Console.WriteLine(CommandLine.Help);
    return 0;
}

try
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
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
