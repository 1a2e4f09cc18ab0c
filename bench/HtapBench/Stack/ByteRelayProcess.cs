using System.Globalization;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.Bench.Stack;

/// <summary>
/// bench/relay/byte-relay.c, compiled with the system's C compiler and started in front of the primary: a relay that
/// only copies bytes, the least any proxy pays per round trip. Its throughput is the ceiling a proxy can reach on this
/// machine, which tells a proxy's own cost apart from what the kernel charges every one of them.
/// </summary>
public sealed class ByteRelayProcess : IAsyncDisposable
{
    private ByteRelayProcess(ServiceProcess process, int port, PrimaryServer primary)
    {
        Process = process;
        Port = port;
        Primary = primary;
    }

    public ServiceProcess Process { get; }

    public int Port { get; }

    private PrimaryServer Primary { get; }

    /// <summary>The relay is transparent: clients log in to the primary through it, as the primary's own users.</summary>
    public PgEndpoint Endpoint => new("127.0.0.1", Port, Primary.Username, Primary.Password, PrimaryServer.Database);

    public static string Describe => "bench/relay/byte-relay.c (cc -O2): one thread, epoll, a backend connection per client, bytes copied as they come";

    public static async Task<ByteRelayProcess> StartAsync(WorkDirectory work, BuiltPrograms programs, PrimaryServer primary, CancellationToken cancellationToken)
    {
        var compiler = PostgresBinaries.FindOnPath("cc")
            ?? throw new FileNotFoundException("There is no C compiler (cc) to build the byte relay (apt-get install gcc).");
        var source = Path.Combine(programs.RepositoryRoot, "bench", "relay", "byte-relay.c");
        var program = Path.Combine(work.Subdirectory("byte-relay"), "byte-relay");
        var compile = await ProcessRunner.RunAsync(new ProcessRequest(compiler, ["-O2", "-o", program, source]) { Timeout = TimeSpan.FromMinutes(1) }, cancellationToken);
        if (compile.ExitCode != 0)
        {
            throw new InvalidOperationException($"cc could not compile {source}: {compile.StandardError.Trim()}");
        }

        var port = Ports.FreeLoopbackPort();
        var process = ServiceProcess.Start("byte-relay", work, program,
            [port.ToString(CultureInfo.InvariantCulture), primary.Port.ToString(CultureInfo.InvariantCulture)]);
        var relay = new ByteRelayProcess(process, port, primary);
        try
        {
            await Clients.WaitForLoginAsync(
                Clients.ConnectionString("127.0.0.1", port, primary.Username, primary.Password, PrimaryServer.Database),
                process, TimeSpan.FromSeconds(30), cancellationToken);
            return relay;
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
