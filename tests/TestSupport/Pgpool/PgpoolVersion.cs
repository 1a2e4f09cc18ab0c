using System.Text.RegularExpressions;
using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.TestSupport.Pgpool;

/// <summary>The installed pgpool program and its version, which decides a few pgpool.conf key names.</summary>
public sealed partial record PgpoolVersion(string ProgramPath, Version Version)
{
    /// <summary>Debian's pgpool2 package installs the program here, off an ordinary user's PATH.</summary>
    private const string DebianPath = "/usr/sbin/pgpool";

    private static readonly Lazy<Task<PgpoolVersion>> Installed = new(LocateAsync);

    /// <summary>pgpool 4.5 renamed socket_dir to unix_socket_directories.</summary>
    public bool UsesUnixSocketDirectories => Version >= new Version(4, 5);

    /// <summary>The pgpool on PATH or in /usr/sbin; throws saying how to install it when there is none.</summary>
    public static Task<PgpoolVersion> FindAsync() => Installed.Value;

    private static async Task<PgpoolVersion> LocateAsync()
    {
        var path = PostgresBinaries.FindOnPath("pgpool") ?? (File.Exists(DebianPath) ? DebianPath : null)
            ?? throw new FileNotFoundException(
                "pgpool-II is not installed: neither on PATH nor at /usr/sbin/pgpool. Install it with 'apt-get install pgpool2'.",
                "pgpool");
        var result = await ProcessRunner.RunAsync(new ProcessRequest(path, ["--version"]) { Timeout = TimeSpan.FromSeconds(30) });

        // "pgpool-II version 4.3.5 (tamahomeboshi)"; pgpool prints it on stdout or stderr depending on the release.
        var match = VersionPattern().Match(result.StandardOutput + result.StandardError);
        return match.Success
            ? new PgpoolVersion(path, Version.Parse(match.Groups[1].Value))
            : throw new InvalidOperationException($"Cannot read the version of {path}.\n{result.Describe()}");
    }

    [GeneratedRegex(@"pgpool-II version (\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex VersionPattern();
}
