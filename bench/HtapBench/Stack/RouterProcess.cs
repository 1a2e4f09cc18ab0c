using System.Globalization;

namespace HtapRouter.Bench.Stack;

/// <summary>
/// The router (src/Router, Release build) as its users run it: <c>dotnet HtapRouter.Router.dll --port P --backends
/// "0:host:port:weight,..."</c>. Clients log in to it with SCRAM as the primary's superuser, the same handshake they
/// do with PostgreSQL, PgBouncer and pgpool-II in this harness (or, started to trust clients, with no password at
/// all); the passwords go in the environment.
/// </summary>
public sealed class RouterProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private RouterProcess(ServiceProcess process, int port, PrimaryServer primary)
    {
        Process = process;
        Port = port;
        Primary = primary;
    }

    public ServiceProcess Process { get; }

    public int Port { get; }

    private PrimaryServer Primary { get; }

    public string ConnectionString => Clients.ConnectionString("127.0.0.1", Port, Primary.Username, Primary.Password, PrimaryServer.Database);

    public TestSupport.PgEndpoint Endpoint => new("127.0.0.1", Port, Primary.Username, Primary.Password, PrimaryServer.Database);

    /// <summary>
    /// Starts the router with <paramref name="backends"/> in pgpool's id:host:port:weight syntax and waits for a login.
    /// Returns null and why when it is not built, exits, or never answers: its figures are then reported as not
    /// available, never estimated.
    /// </summary>
    public static async Task<(RouterProcess? Router, string? Unavailable)> TryStartAsync(WorkDirectory work, BuiltPrograms programs,
        string name, string backends, PrimaryServer primary, int maxClients, CancellationToken cancellationToken, bool trustClients = false)
    {
        if (!File.Exists(programs.Router))
        {
            return (null, $"the router is not built ({programs.Router} is missing)");
        }

        var port = Ports.FreeLoopbackPort();
        var environment = new Dictionary<string, string>
        {
            [$"HTAP_Router__BackendPasswords__{primary.Username}"] = primary.Password,
            ["HTAP_Router__HealthCheckUser"] = primary.Username,
            ["HTAP_Router__HealthCheckPassword"] = primary.Password,
            ["HTAP_Router__SrCheckUser"] = primary.Username,
            ["HTAP_Router__SrCheckPassword"] = primary.Password,
            ["HTAP_Router__NumInitChildren"] = maxClients.ToString(CultureInfo.InvariantCulture),
        };

        // With no user list the router trusts every client and logs in to the backends as the client's user, as
        // pgpool-II does with pool_hba off.
        if (!trustClients)
        {
            environment[$"HTAP_Router__Users__{primary.Username}"] = primary.Password;
        }

        var process = ServiceProcess.Start(name, work, "dotnet",
            [programs.Router, "--port", port.ToString(CultureInfo.InvariantCulture), "--backends", backends], environment);
        var router = new RouterProcess(process, port, primary);
        try
        {
            await Clients.WaitForLoginAsync(router.ConnectionString, process, StartTimeout, cancellationToken);
            return (router, null);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            await process.DisposeAsync();
            var reason = error.Message.Split('\n')[0];
            var tail = process.Tail().Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            return (null, $"the router did not start and answer: {reason}{(tail is null ? string.Empty : $" (last log line: {tail})")}");
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
