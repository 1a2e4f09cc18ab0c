using System.Text.RegularExpressions;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.EndToEnd.Tests.Stack;

/// <summary>
/// devtools/htap-setup/docker-compose.yml and its Dockerfile, checked without a Docker engine: the compose file as
/// docker-compose reads it, and the images' build as the same publish the local stack runs (LocalStackTests).
/// </summary>
public sealed partial class ComposeFileTests
{
    [DockerComposeFact]
    public async Task Config_DebianDockerCompose_IsValidWithSeedServices()
    {
        var result = await ProcessRunner.RunAsync(new ProcessRequest(DockerCompose.Path!, ["-f", RepositoryPaths.ComposeFile, "config"])
        {
            WorkingDirectory = RepositoryPaths.HtapSetup,
        });

        Assert.True(result.Succeeded, result.Describe());
        var config = result.StandardOutput;
        foreach (var name in new[] { "htap-postgres", "htap-analytic-node", "htap-router" })
        {
            Assert.Contains($"container_name: {name}", config, StringComparison.Ordinal);
        }
        Assert.Contains("image: postgres:17", config, StringComparison.Ordinal);
        Assert.Contains("wal_level=logical", config, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(config, @"^    healthcheck:$", RegexOptions.Multiline));
        Assert.Equal(2, Regex.Count(config, @"^      dockerfile: devtools/htap-setup/Dockerfile$", RegexOptions.Multiline));
        Assert.Matches(@"(?m)^  pgdata: \{\}$", config);
        Assert.Matches(@"(?m)^  duckdb: \{\}$", config);
    }

    [Fact]
    public async Task Dockerfile_Build_PublishesAsTheLocalStackDoes()
    {
        var dockerfile = await File.ReadAllTextAsync(RepositoryPaths.Dockerfile);

        // The build stage publishes with publish.sh, which up.sh runs too, into /app/<component>.
        Assert.Matches(@"(?m)^ && devtools/htap-setup/publish\.sh /app$", dockerfile);
        foreach (var (stage, dll) in new[] { ("node", "HtapRouter.AnalyticNode.dll"), ("router", "HtapRouter.Router.dll") })
        {
            var body = Stage(dockerfile, stage);
            Assert.Contains($"COPY --from=build /app/{stage} /app", body, StringComparison.Ordinal);
            Assert.Contains($"ENTRYPOINT [\"dotnet\", \"/app/{dll}\"]", body, StringComparison.Ordinal);
        }
        var compose = await File.ReadAllTextAsync(RepositoryPaths.ComposeFile);
        Assert.Equal(["node", "router"], ComposeTarget().Matches(compose).Select(m => m.Groups[1].Value).Order());

        // Every file the build copies from the checkout is there.
        foreach (Match copy in CopyFromContext().Matches(dockerfile))
        {
            var sources = copy.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1];
            Assert.All(sources, source => Assert.True(Path.Exists(Path.Combine(RepositoryPaths.Root, source)), $"COPY {source}: not in the checkout"));
        }
    }

    [Fact]
    public async Task PublishScript_Components_AreTheProjectsTheImagesRun()
    {
        var script = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.HtapSetup, "publish.sh"));

        foreach (var (component, project, assembly) in new[]
        {
            ("node", "src/AnalyticNode/AnalyticNode.csproj", "HtapRouter.AnalyticNode"),
            ("router", "src/Router/Router.csproj", "HtapRouter.Router"),
        })
        {
            Assert.Contains($"{component}) project={project} ;;", script, StringComparison.Ordinal);
            var csproj = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, project));
            Assert.Contains($"<AssemblyName>{assembly}</AssemblyName>", csproj, StringComparison.Ordinal);
        }
    }

    /// <summary>The lines of the Dockerfile stage named <paramref name="name"/>, up to the next FROM.</summary>
    private static string Stage(string dockerfile, string name)
    {
        var start = dockerfile.IndexOf($" AS {name}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the Dockerfile has no stage '{name}'");
        var end = dockerfile.IndexOf("\nFROM ", start, StringComparison.Ordinal);
        return end < 0 ? dockerfile[start..] : dockerfile[start..end];
    }

    [GeneratedRegex(@"^\s+target: (\w+)$", RegexOptions.Multiline)]
    private static partial Regex ComposeTarget();

    [GeneratedRegex(@"^COPY (?!--from)([^\n]+)$", RegexOptions.Multiline)]
    private static partial Regex CopyFromContext();
}
