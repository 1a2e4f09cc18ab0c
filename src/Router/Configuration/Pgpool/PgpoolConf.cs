namespace HtapRouter.Router.Configuration.Pgpool;

/// <summary>
/// A pgpool.conf read into configuration keys of the "Router" section (Router:Port, Router:Backends:0:Host…), with
/// the warnings and errors its lines gave and, for each key set, the line that set it.
/// </summary>
internal sealed class PgpoolConf
{
    private PgpoolConf()
    {
    }

    public Dictionary<string, string?> Data { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<PgpoolConfWarning> Warnings { get; } = [];

    /// <summary>Each "file:line: message"; a file with any is not used.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Configuration key to "backend_port0 at pgpool.conf:12", for messages about a value that is out of range.</summary>
    public Dictionary<string, string> Origins { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the file at <paramref name="path"/> and its includes.</summary>
    public static PgpoolConf Read(string path)
    {
        var conf = new PgpoolConf();
        var entries = new List<PgpoolConfEntry>();
        PgpoolConfReader.Read(path, entries, conf.Errors);
        PgpoolConfMapper.Map(entries, ConfigurationDirectory(path), conf);
        return conf;
    }

    /// <summary>Reads <paramref name="text"/> as the content of a file named <paramref name="file"/>.</summary>
    public static PgpoolConf Parse(string text, string file = "pgpool.conf")
    {
        var conf = new PgpoolConf();
        var entries = new List<PgpoolConfEntry>();
        PgpoolConfReader.ReadText(text, file, entries, conf.Errors);
        PgpoolConfMapper.Map(entries, ConfigurationDirectory(file), conf);
        return conf;
    }

    /// <summary>pgpool reads ssl_cert and ssl_key relative to the directory of the main pgpool.conf.</summary>
    private static string ConfigurationDirectory(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? string.Empty;
}
