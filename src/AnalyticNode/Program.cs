using HtapRouter.AnalyticNode.Configuration;
using Microsoft.Extensions.Configuration;
using HtapRouter.AnalyticNode.Hosting;
using Microsoft.Extensions.Hosting;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Help);
    return 0;
}

// appsettings.json is read once. Reloading it on change would watch the whole content root (the working directory,
// where the DuckDB file usually is) and wake a thread-pool thread for every write to any file under it.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
builder.Configuration.AddEnvironmentVariables(prefix: "HTAP_");
builder.Configuration.AddCommandLine(args, CommandLine.Switches);
builder.Services.AddAnalyticNode(builder.Configuration);
using var host = builder.Build();
await host.RunAsync();
return 0;
