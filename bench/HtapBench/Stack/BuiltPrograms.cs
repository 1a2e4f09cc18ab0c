namespace HtapRouter.Bench.Stack;

/// <summary>The Release builds of the node and the router, which bench/run.sh builds with the solution.</summary>
public sealed record BuiltPrograms(string RepositoryRoot, string AnalyticNode, string Router)
{
    public static BuiltPrograms Locate(string? repositoryRoot)
    {
        var root = repositoryRoot ?? FindRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("Cannot find the repository root (HtapRouter.sln) above this program; pass --repo.");
        return new BuiltPrograms(
            root,
            Path.Combine(root, "src", "AnalyticNode", "bin", "Release", "net10.0", "HtapRouter.AnalyticNode.dll"),
            Path.Combine(root, "src", "Router", "bin", "Release", "net10.0", "HtapRouter.Router.dll"));
    }

    private static string? FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HtapRouter.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
