using HtapRouter.AnalyticNode.Configuration;
using Microsoft.Extensions.Configuration;
using HtapRouter.AnalyticNode.Hosting;
using Microsoft.Extensions.Hosting;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Help);
    return 0;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
builder.Configuration.AddEnvironmentVariables(prefix: "HTAP_");
builder.Configuration.AddCommandLine(args, CommandLine.Switches);
builder.Services.AddAnalyticNode(builder.Configuration);
using var host = builder.Build();
await host.RunAsync();
return 0;
