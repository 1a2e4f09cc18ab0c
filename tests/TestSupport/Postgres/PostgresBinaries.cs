using HtapRouter.TestSupport.Processes;

namespace HtapRouter.TestSupport.Postgres;

/// <summary>Finds installed PostgreSQL programs.</summary>
public static class PostgresBinaries
{
    private static readonly string[] ServerPrograms = ["initdb", "pg_ctl", "postgres"];

    private static readonly Lazy<Task<string?>> ServerBinDirectory = new(LocateServerBinDirectoryAsync);

    /// <summary>
    /// The directory holding initdb, pg_ctl and postgres: <c>pg_config --bindir</c> if it has them, else the newest
    /// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian installs server binaries there, off PATH); null if neither.
    /// </summary>
    public static Task<string?> FindServerBinDirectoryAsync() => ServerBinDirectory.Value;

    /// <summary>
    /// Path of a client program such as psql, pgbench or pg_recvlogical: on PATH, else in the server bin directory.
    /// </summary>
    public static async Task<string> FindToolAsync(string name)
    {
        if (FindOnPath(name) is { } onPath)
        {
            return onPath;
        }

        if (await FindServerBinDirectoryAsync() is { } binDirectory && File.Exists(Path.Combine(binDirectory, name)))
        {
            return Path.Combine(binDirectory, name);
        }

        throw new FileNotFoundException(
            $"'{name}' is neither on PATH nor in a PostgreSQL bin directory. Install the PostgreSQL client programs " +
            "(for example 'apt-get install postgresql-client postgresql-contrib').", name);
    }

    /// <summary>The full path of program <paramref name="name"/> in the first PATH directory holding it, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private static async Task<string?> LocateServerBinDirectoryAsync()
    {
        if (FindOnPath("pg_config") is { } pgConfig)
        {
            var result = await ProcessRunner.RunAsync(new ProcessRequest(pgConfig, ["--bindir"]) { Timeout = TimeSpan.FromSeconds(30) });
            var binDirectory = result.StandardOutput.Trim();
            if (result.Succeeded && HasServerPrograms(binDirectory))
            {
                return binDirectory;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(debianRoot)
            .Select(versionDirectory => (Version: MajorVersion(Path.GetFileName(versionDirectory)), Bin: Path.Combine(versionDirectory, "bin")))
            .Where(candidate => candidate.Version is not null && HasServerPrograms(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    private static bool HasServerPrograms(string directory) =>
        directory.Length > 0 && ServerPrograms.All(program => File.Exists(Path.Combine(directory, program)));

    // Directory names are major versions: "9.6", "15", "17".
    private static Version? MajorVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;
}
