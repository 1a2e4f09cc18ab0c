using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HtapRouter.TestSupport.Postgres.Local;

/// <summary>
/// The files of a throw-away cluster, all under one directory so removing it removes everything. The fixture's
/// configuration lives beside the data directory, not in it, because initdb wants an empty data directory and the
/// files must exist before ownership passes to the server account.
/// </summary>
internal sealed class ClusterLayout
{
    // TCP uses passwords so tests meet real SCRAM; the Unix socket sits in this private directory and needs none.
    private const string HbaRules =
        """
        local all all trust
        local replication all trust
        host all all 127.0.0.1/32 scram-sha-256
        host replication all 127.0.0.1/32 scram-sha-256

        """;

    /// <summary>Cluster directories are named <c>htap-pg-&lt;owning process id&gt;-&lt;random&gt;</c>.</summary>
    public const string NamePrefix = "htap-pg-";

    private ClusterLayout(string root) => Root = root;

    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string LogFile => Path.Combine(Root, "server.log");

    public string PasswordFile => Path.Combine(Root, "password");

    public string PidFile => Path.Combine(DataDirectory, "postmaster.pid");

    private string HbaFile => Path.Combine(Root, "pg_hba.conf");

    private string SettingsFile => Path.Combine(Root, "htap-test.conf");

    /// <summary>Makes a new private directory under <paramref name="parent"/> with the fixture's files in it.</summary>
    public static ClusterLayout Create(string parent, string password)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                $"Local test clusters need Linux or macOS; on Windows use Docker or set {PostgresServerOptions.ExternalServerVariable}.");
        }

        var root = Path.Combine(
            parent,
            string.Create(CultureInfo.InvariantCulture, $"{NamePrefix}{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(16, lowercase: true)}"));
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var layout = new ClusterLayout(root);
        File.WriteAllText(layout.HbaFile, HbaRules);
        File.WriteAllText(layout.SettingsFile, string.Empty);
        File.WriteAllText(layout.PasswordFile, password + "\n");
        File.SetUnixFileMode(layout.PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return layout;
    }

    /// <summary>An existing cluster directory, such as one left behind by a dead test process.</summary>
    public static ClusterLayout Open(string root) => new(root);

    /// <summary>The process that made the cluster in <paramref name="root"/>, or null if the name is not one of ours.</summary>
    public static int? OwnerProcessId(string root)
    {
        var name = Path.GetFileName(root);
        if (!name.StartsWith(NamePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var owner = name.AsSpan(NamePrefix.Length);
        var dash = owner.IndexOf('-');
        return dash > 0 && int.TryParse(owner[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>Points the initdb-made postgresql.conf at the fixture's settings; later lines win.</summary>
    public void IncludeSettings() =>
        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), $"\ninclude '{Escape(SettingsFile)}'\n");

    /// <summary>
    /// Rewrites the fixture's settings. The file is truncated in place, never replaced, so it keeps the owner it
    /// was given when running as root.
    /// </summary>
    public void WriteSettings(int port, PostgresServerOptions options)
    {
        var text = new StringBuilder("# Written by HtapRouter.TestSupport for a throw-away test cluster.\n");
        IEnumerable<KeyValuePair<string, string>> settings =
        [
            new("listen_addresses", "127.0.0.1"),
            new("port", port.ToString(CultureInfo.InvariantCulture)),
            new("unix_socket_directories", Root),
            new("hba_file", HbaFile),
            .. ServerSettings.For(options),
        ];
        foreach (var (name, value) in settings)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name} = '{Escape(value)}'\n");
        }

        File.WriteAllText(SettingsFile, text.ToString());
    }

    /// <summary>The server log from byte <paramref name="offset"/> on, at most its last <paramref name="maxLines"/> lines.</summary>
    public string ReadLog(long offset, int maxLines = 60)
    {
        if (!File.Exists(LogFile))
        {
            return "(no server log was written)";
        }

        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n');
        return string.Join('\n', lines.TakeLast(maxLines));
    }

    /// <summary>The log's current length, so that a later read shows only what came after.</summary>
    public long LogLength => File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;

    // postgresql.conf quotes strings in single quotes and doubles any inside.
    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}
