namespace HtapRouter.TestSupport.Processes;

/// <summary>How a child process ended and what it wrote.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result, or throws with the command and its output when the exit code is not zero.</summary>
    public ProcessResult EnsureSuccess() =>
        Succeeded ? this : throw new InvalidOperationException($"'{CommandLine}' exited with code {ExitCode}.\n{Describe()}");

    /// <summary>Standard output and error, labelled, for failure messages.</summary>
    public string Describe() => $"--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
