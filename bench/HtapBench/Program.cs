using System.Runtime.InteropServices;
using HtapRouter.Bench;
using HtapRouter.Bench.Configuration;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception error) when (error is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"{error.Message}\n\n{BenchOptions.Usage}");
    return 2;
}

// Ctrl-C and SIGTERM cancel the run; the scenarios' finally blocks and disposals then stop every server.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

return await BenchRunner.RunAsync(options, cancellation.Token);
