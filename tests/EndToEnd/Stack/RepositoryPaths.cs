namespace HtapRouter.EndToEnd.Tests.Stack;

/// <summary>Files of this checkout that the stack tests run or read: the scripts and files under devtools/htap-setup.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The checkout's root, the directory holding HtapRouter.sln above the test assembly.</summary>
    public static string Root => RootPath.Value;

    public static string HtapSetup => Path.Combine(Root, "devtools", "htap-setup");

    public static string UpScript => Path.Combine(HtapSetup, "local", "up.sh");

    public static string DownScript => Path.Combine(HtapSetup, "local", "down.sh");

    public static string CheckScript => Path.Combine(HtapSetup, "check.sh");

    public static string ComposeFile => Path.Combine(HtapSetup, "docker-compose.yml");

    public static string Dockerfile => Path.Combine(HtapSetup, "Dockerfile");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HtapRouter.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No HtapRouter.sln above {AppContext.BaseDirectory}: the stack tests run from a checkout.");
    }
}
