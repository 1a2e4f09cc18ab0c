using System.Globalization;
using System.Security.Cryptography;

namespace HtapRouter.TestSupport.Pgpool;

/// <summary>
/// Everything of one pgpool under one private directory: its configuration, pool_passwd, pid file, status file
/// and Unix sockets, so that removing the directory removes it all and nothing lands in /etc/pgpool2 or /var/run.
/// </summary>
internal sealed class PgpoolLayout
{
    /// <summary>Directories are named <c>htap-pgpool-&lt;owning process id&gt;-&lt;random&gt;</c>.</summary>
    public const string NamePrefix = "htap-pgpool-";

    private PgpoolLayout(string root) => Root = root;

    public string Root { get; }

    public string ConfigFile => Path.Combine(Root, "pgpool.conf");

    public string HbaFile => Path.Combine(Root, "pool_hba.conf");

    public string PasswordFile => Path.Combine(Root, "pool_passwd");

    public string PcpFile => Path.Combine(Root, "pcp.conf");

    public string PidFile => Path.Combine(Root, "pgpool.pid");

    public static PgpoolLayout Create(string parent)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("pgpool-II runs on Linux and macOS only.");
        }

        var root = Path.Combine(
            parent,
            string.Create(CultureInfo.InvariantCulture, $"{NamePrefix}{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(12, lowercase: true)}"));
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new PgpoolLayout(root);
    }

    public static PgpoolLayout Open(string root) => new(root);

    /// <summary>The test process that made the directory, from its name; null if the name is not one of ours.</summary>
    public static int? OwnerProcessId(string root)
    {
        var name = Path.GetFileName(root);
        var parts = name.Length > NamePrefix.Length ? name[NamePrefix.Length..].Split('-') : [];
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>Writes the four files pgpool reads; the ones holding the password are readable by their owner only.</summary>
    public void Write(PgpoolOptions options, PgpoolVersion version, int port, int pcpPort)
    {
        WritePrivate(ConfigFile, PgpoolConfiguration.Render(options, this, version, port, pcpPort));
        WritePrivate(PasswordFile, PgpoolConfiguration.RenderPasswords(options));
        WritePrivate(HbaFile, PgpoolConfiguration.RenderHbaRules(options));

        // pgpool refuses to start without pcp.conf; no PCP user is needed, so it is empty.
        WritePrivate(PcpFile, string.Empty);
    }

    private static void WritePrivate(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
