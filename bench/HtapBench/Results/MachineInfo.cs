using System.Globalization;
using System.Runtime.InteropServices;
using HtapRouter.Bench.Measure;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.Bench.Results;

/// <summary>The machine and the software versions a run measured, for RESULTS.md.</summary>
public static class MachineInfo
{
    public static IReadOnlyList<(string Name, string Value)> Describe() =>
    [
        ("CPU", FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString()),
        ("cores", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)),
        ("memory", MemoryGiB()),
        ("kernel", ReadTrimmed("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription),
        ("OS", OsName()),
    ];

    /// <summary>The 1-, 5- and 15-minute load averages: on a shared machine they say how much else was running.</summary>
    public static string LoadAverage() => string.Join(' ', (ReadTrimmed("/proc/loadavg") ?? "?").Split(' ').Take(3));

    public static async Task AddToolVersionsAsync(BenchResults results, string repositoryRoot)
    {
        results.Version(".NET", RuntimeInformation.FrameworkDescription);
        results.Version("Npgsql (harness client)", typeof(Npgsql.NpgsqlConnection).Assembly.GetName().Version?.ToString() ?? "?");
        results.Version("pgbench", await FirstLineAsync("pgbench", ["--version"]));
        results.Version("PgBouncer", await Stack.PgBouncerProcess.VersionAsync());
        results.Version("pgpool-II", await FirstLineAsync(File.Exists("/usr/sbin/pgpool") ? "/usr/sbin/pgpool" : "pgpool", ["--version"]));
        var commit = await FirstLineAsync("git", ["-C", repositoryRoot, "describe", "--always", "--dirty"]);
        results.Version("HtapRouter commit", commit);
    }

    private static async Task<string> FirstLineAsync(string program, IReadOnlyList<string> arguments)
    {
        try
        {
            var result = await ProcessRunner.RunAsync(new ProcessRequest(program, arguments) { Timeout = TimeSpan.FromSeconds(20) });
            var text = (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return text?.Trim() ?? "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }

    private static string MemoryGiB()
    {
        var kb = FirstValue("/proc/meminfo", "MemTotal")?.Split(' ')[0];
        return long.TryParse(kb, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? string.Create(CultureInfo.InvariantCulture, $"{value / 1048576.0:F1} GiB")
            : "?";
    }

    private static string OsName() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? "?"
            : RuntimeInformation.OSDescription;

    private static string? FirstValue(string file, string key) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;

    private static string? ReadTrimmed(string file) => File.Exists(file) ? File.ReadAllText(file).Trim() : null;
}
