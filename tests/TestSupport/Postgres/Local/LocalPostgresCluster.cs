using System.Net;
using System.Net.Sockets;
using HtapRouter.TestSupport.Processes;
using Npgsql;

namespace HtapRouter.TestSupport.Postgres.Local;

/// <summary>
/// A throw-away cluster made by initdb in a private temporary directory, listening on a free port on 127.0.0.1.
/// Create as many as a test needs with <see cref="CreateAsync"/>; each is independent. Disposing stops the server
/// and deletes the directory.
/// </summary>
public sealed partial class LocalPostgresCluster : PostgresServer
{
    private const int PortAttempts = 3;

    private readonly ClusterLayout _layout;
    private readonly PgCtl _pgCtl;
    private readonly PostgresServerOptions _options;

    private LocalPostgresCluster(ClusterLayout layout, PgCtl pgCtl, PostgresServerOptions options, string binDirectory, int port, string password)
        : base(new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = port,
            Username = "postgres",
            Password = password,
            Database = "postgres",
        })
    {
        _layout = layout;
        _pgCtl = pgCtl;
        _options = options;
        BinDirectory = binDirectory;
        IsRunning = true;
    }

    public override PostgresServerKind Kind => PostgresServerKind.Local;

    /// <summary>The directory holding everything of this cluster; it is gone after disposal.</summary>
    public string RootDirectory => _layout.Root;

    public string DataDirectory => _layout.DataDirectory;

    /// <summary>The server log; its Unix socket is in <see cref="RootDirectory"/>.</summary>
    public string LogFile => _layout.LogFile;

    /// <summary>Where the server programs (and matching client programs) of this cluster are.</summary>
    public string BinDirectory { get; }

    /// <summary>
    /// Makes and starts a new cluster. A failure reports initdb's output or the server log, and leaves nothing behind.
    /// </summary>
    public static async Task<LocalPostgresCluster> CreateAsync(PostgresServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PostgresServerOptions();
        options.Validate();
        var binDirectory = await PostgresBinaries.FindServerBinDirectoryAsync()
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries (initdb, pg_ctl, postgres) in 'pg_config --bindir' or /usr/lib/postgresql/*/bin. " +
                "Install them, for example with 'apt-get install postgresql'.");
        var account = ServerAccount.For(options);
        await StaleClusters.RemoveOnceAsync(options.TemporaryRoot, binDirectory, account);
        var password = NewPassword();
        var layout = ClusterLayout.Create(options.TemporaryRoot, password);
        var pgCtl = new PgCtl(binDirectory, layout, account);
        try
        {
            await account.TakeOwnershipAsync(layout.Root, cancellationToken);
            await pgCtl.InitDbAsync(cancellationToken);
            File.Delete(layout.PasswordFile);
            layout.IncludeSettings();
            var port = await StartOnFreePortAsync(layout, pgCtl, options, cancellationToken);
            return new LocalPostgresCluster(layout, pgCtl, options, binDirectory, port, password);
        }
        catch
        {
            await pgCtl.StopAsync(CancellationToken.None);
            DeleteDirectory(layout.Root);
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            IsRunning = false;
            await _pgCtl.StopAsync(CancellationToken.None);
            DeleteDirectory(_layout.Root);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Starts the server on a port that was free a moment ago. Another process can take it in between, so a
    /// start that fails to bind is retried on a new port.
    /// </summary>
    private static async Task<int> StartOnFreePortAsync(
        ClusterLayout layout, PgCtl pgCtl, PostgresServerOptions options, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            layout.WriteSettings(port, options);
            var logOffset = layout.LogLength;
            var result = await pgCtl.StartAsync(options.StartTimeout, cancellationToken);
            if (result.Succeeded)
            {
                return port;
            }

            await pgCtl.StopAsync(cancellationToken);
            var log = layout.ReadLog(logOffset);
            if (attempt == PortAttempts || !log.Contains("Address already in use", StringComparison.Ordinal))
            {
                throw StartFailure(result, log);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    private static InvalidOperationException StartFailure(ProcessResult result, string log) =>
        new($"PostgreSQL did not start (pg_ctl exit code {result.ExitCode}).\n{result.Describe()}\n--- server log ---\n{log}");

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
