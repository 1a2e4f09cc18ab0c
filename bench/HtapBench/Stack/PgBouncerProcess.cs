using System.Globalization;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.Bench.Stack;

/// <summary>
/// Debian's PgBouncer in session mode in front of the primary, on a free loopback port. It refuses to run as root,
/// so when the harness is root it runs as the postgres account, its files in a directory that account owns.
/// Clients log in with SCRAM; auth_file holds the password in clear, which PgBouncer needs to do SCRAM with the
/// primary too.
/// </summary>
public sealed class PgBouncerProcess : IAsyncDisposable
{
    private const string DebianPath = "/usr/sbin/pgbouncer";

    private readonly string _pidFile;

    private PgBouncerProcess(ServiceProcess process, int port, PrimaryServer primary, string pidFile)
    {
        Process = process;
        Port = port;
        Primary = primary;
        _pidFile = pidFile;
    }

    public ServiceProcess Process { get; }

    public int Port { get; }

    private PrimaryServer Primary { get; }

    public PgEndpoint Endpoint => new("127.0.0.1", Port, Primary.Username, Primary.Password, PrimaryServer.Database);

    public string ConnectionString => Clients.ConnectionString("127.0.0.1", Port, Primary.Username, Primary.Password, PrimaryServer.Database);

    /// <summary>The pgbouncer process itself (not runuser), for its memory.</summary>
    public int? ServerProcessId =>
        File.Exists(_pidFile) && int.TryParse(File.ReadAllText(_pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>The pgbouncer.ini settings that matter for the comparison, as written.</summary>
    public static string DescribeSettings(int maxClients) =>
        $"pool_mode=session, auth_type=hba (scram-sha-256, and trust for {PrimaryServer.TrustUser}), default_pool_size=20, max_client_conn={maxClients}";

    public static async Task<PgBouncerProcess> StartAsync(WorkDirectory work, PrimaryServer primary, int maxClients, CancellationToken cancellationToken)
    {
        var program = Program ?? throw new FileNotFoundException("PgBouncer is not installed (apt-get install pgbouncer).");
        var directory = work.Subdirectory("pgbouncer");
        var port = Ports.FreeLoopbackPort();
        var pidFile = Path.Combine(directory, "pgbouncer.pid");
        var ini = Path.Combine(directory, "pgbouncer.ini");
        await File.WriteAllTextAsync(Path.Combine(directory, "userlist.txt"),
            $"\"{primary.Username}\" \"{primary.Password}\"\n\"{PrimaryServer.TrustUser}\" \"\"\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "hba.conf"),
            $"host all {PrimaryServer.TrustUser} 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n", cancellationToken);
        await File.WriteAllTextAsync(ini, string.Create(CultureInfo.InvariantCulture, $"""
            [databases]
            {PrimaryServer.Database} = host={primary.Host} port={primary.Port} dbname={PrimaryServer.Database}
            postgres = host={primary.Host} port={primary.Port} dbname=postgres

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir = {directory}
            pidfile = {pidFile}
            auth_type = hba
            auth_hba_file = {directory}/hba.conf
            auth_file = {directory}/userlist.txt
            pool_mode = session
            max_client_conn = {maxClients}
            default_pool_size = 20
            ignore_startup_parameters = extra_float_digits
            log_connections = 0
            log_disconnections = 0

            """), cancellationToken);

        var arguments = new List<string> { program, ini };
        var fileName = program;
        if (Environment.IsPrivilegedProcess)
        {
            (await ProcessRunner.RunAsync(new ProcessRequest("chown", ["-R", "postgres:", directory]), cancellationToken)).EnsureSuccess();
            fileName = "runuser";
            arguments = ["-u", "postgres", "--", .. arguments];
        }
        else
        {
            arguments.RemoveAt(0);
        }

        var process = ServiceProcess.Start("pgbouncer", work, fileName, arguments);
        var bouncer = new PgBouncerProcess(process, port, primary, pidFile);
        try
        {
            await Clients.WaitForLoginAsync(bouncer.ConnectionString, process, TimeSpan.FromSeconds(30), cancellationToken);
            return bouncer;
        }
        catch
        {
            await bouncer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Debian installs pgbouncer in /usr/sbin, off an ordinary user's PATH.</summary>
    private static string? Program =>
        PostgresBinaries.FindOnPath("pgbouncer") ?? (File.Exists(DebianPath) ? DebianPath : null);

    public static async Task<string> VersionAsync()
    {
        if (Program is not { } program)
        {
            return "not installed";
        }

        var result = await ProcessRunner.RunAsync(new ProcessRequest(program, ["--version"]) { Timeout = TimeSpan.FromSeconds(10) });
        return result.StandardOutput.Split('\n')[0].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        // runuser does not pass signals on to its child in every util-linux release, so PgBouncer is signalled itself.
        if (ServerProcessId is { } pid)
        {
            await ProcessRunner.RunAsync(new ProcessRequest("kill", ["-s", "INT", pid.ToString(CultureInfo.InvariantCulture)]));
        }

        await Process.DisposeAsync();
    }
}
