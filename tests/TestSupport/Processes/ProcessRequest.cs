namespace HtapRouter.TestSupport.Processes;

/// <summary>A child process to run: program, arguments, and what it sees.</summary>
/// <param name="FileName">Program path, or a name found on PATH.</param>
/// <param name="Arguments">Arguments passed one by one, never through a shell.</param>
public sealed record ProcessRequest(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Text written to the process's standard input, which is then closed. Default: none (closed at once).</summary>
    public string? StandardInput { get; init; }

    /// <summary>
    /// Variables added to the inherited environment; a null value removes that variable. Default: empty.
    /// Secrets such as PGPASSWORD go here because arguments are visible to every user in the process list.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Working directory. Default: null, the current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>After this long the process tree is killed and the run fails. Default: 2 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The command line for messages; arguments are quoted only when needed.</summary>
    public string CommandLine => string.Join(' ', Arguments.Prepend(FileName).Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
