namespace HtapRouter.EndToEnd.Tests.Stack;

/// <summary>
/// A fact that needs the docker-compose program (Debian's docker-compose package; no Docker engine). Without it the
/// test is reported as skipped, saying what to install, rather than passing unseen.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerComposeFactAttribute : FactAttribute
{
    public DockerComposeFactAttribute()
    {
        if (DockerCompose.Path is null)
        {
            Skip = "docker-compose is not installed (apt-get install docker-compose), so the compose file was not validated";
        }
    }
}

/// <summary>Where the docker-compose program is.</summary>
internal static class DockerCompose
{
    private static readonly Lazy<string?> Found = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, "docker-compose"))
            .FirstOrDefault(File.Exists));

    /// <summary>The full path of docker-compose on PATH, or null.</summary>
    public static string? Path => Found.Value;
}
