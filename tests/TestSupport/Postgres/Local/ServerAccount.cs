using HtapRouter.TestSupport.Processes;

namespace HtapRouter.TestSupport.Postgres.Local;

/// <summary>
/// The operating-system account a local cluster runs as. initdb, pg_ctl and postgres refuse to run as root, so when
/// the tests run as root (CI containers, this machine) the server programs run through <c>runuser</c> as an
/// unprivileged account that owns the cluster directory; otherwise they run as the current user.
/// </summary>
internal sealed class ServerAccount
{
    private static readonly string[] RunUserLocations = ["/usr/sbin/runuser", "/sbin/runuser"];

    private readonly string? _user;

    private ServerAccount(string? user) => _user = user;

    public static ServerAccount For(PostgresServerOptions options) =>
        new(Environment.IsPrivilegedProcess ? options.ServerAccount : null);

    /// <summary>Runs the request as the server account.</summary>
    public Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(
            _user is null ? request : request with { FileName = RunUser(), Arguments = ["-u", _user, "--", request.FileName, .. request.Arguments] },
            cancellationToken);

    /// <summary>For failure messages: what the server account needs when it is not the current user.</summary>
    public string AccessHint(string directory) =>
        _user is null ? string.Empty : $" (running as '{_user}', which must be able to reach {directory})";

    /// <summary>Hands the directory and everything in it to the server account.</summary>
    public async Task TakeOwnershipAsync(string directory, CancellationToken cancellationToken)
    {
        if (_user is null)
        {
            return;
        }

        var result = await ProcessRunner.RunAsync(new ProcessRequest("chown", ["-R", _user + ":", directory]), cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Running as root, so the cluster must belong to the '{_user}' account, but '{result.CommandLine}' failed. " +
                $"Create that account (the postgresql package does) or set {nameof(PostgresServerOptions)}.{nameof(PostgresServerOptions.ServerAccount)}.\n" +
                result.Describe());
        }
    }

    private static string RunUser() =>
        PostgresBinaries.FindOnPath("runuser")
        ?? RunUserLocations.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "Running as root, and PostgreSQL refuses to run as root, but 'runuser' (util-linux) is not installed to run it as another account.");
}
