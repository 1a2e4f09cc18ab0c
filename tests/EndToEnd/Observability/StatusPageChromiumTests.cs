using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.EndToEnd.Tests.Observability;

/// <summary>The router's status page in a real headless Chromium (Debian's <c>chromium</c> package).</summary>
[Trait("Category", "Observability")]
public sealed class StatusPageChromiumTests(ObservedCluster cluster) : IClassFixture<ObservedCluster>, IDisposable
{
    private const int Width = 1200;
    private const int Height = 800;
    private static readonly string[] ChromiumNames = ["chromium", "chromium-browser"];
    private readonly string _directory = Directory.CreateTempSubdirectory("htap-chromium-").FullName;

    [Fact]
    public async Task StatusPage_Screenshot_IsFullSizeAndNotBlank()
    {
        await Psql.QueryAsync(cluster.Client, "SELECT count(*) FROM items");
        var screenshot = Path.Combine(_directory, "status.png");

        await RunChromiumAsync($"--screenshot={screenshot}", $"--window-size={Width},{Height}");

        Assert.True(File.Exists(screenshot), $"Chromium wrote no screenshot at {screenshot}");
        var png = PngImage.Read(await File.ReadAllBytesAsync(screenshot));
        Assert.Equal((Width, Height), (png.Width, png.Height));
        // Text, table borders, status colours and plot lines: a blank or error page has a handful of colours.
        Assert.True(png.DistinctColours() > 20, $"the screenshot has only {png.DistinctColours()} colours");
    }

    [Fact]
    public async Task StatusPage_DumpDom_ShowsBothNodesAndThePlot()
    {
        var dom = (await RunChromiumAsync("--dump-dom")).StandardOutput;

        Assert.Contains("<tr id=\"node-0\">", dom, StringComparison.Ordinal);
        Assert.Contains("<tr id=\"node-1\">", dom, StringComparison.Ordinal);
        Assert.Contains($"<td>127.0.0.1:{cluster.StandbyPort}</td><td>standby</td><td class=\"up\">up</td>", dom, StringComparison.Ordinal);
        Assert.Matches("<canvas id=\"plot\" width=\"1000\" height=\"360\" data-samples=\"[1-9][0-9]*\" data-nodes=\"0,1\">", dom);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<ProcessResult> RunChromiumAsync(params string[] arguments)
    {
        var chromium = FindChromium();
        var request = new ProcessRequest(chromium,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
            $"--user-data-dir={Path.Combine(_directory, "profile")}", "--virtual-time-budget=5000", .. arguments, cluster.BaseAddress.ToString(),
        ])
        { Timeout = TimeSpan.FromSeconds(90) };
        var result = await ProcessRunner.RunAsync(request);
        Assert.True(result.Succeeded, $"{result.CommandLine} exited {result.ExitCode}:\n{result.StandardError}");
        return result;
    }

    private static string FindChromium()
    {
        var found = ChromiumNames
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
        Assert.True(found is not null,
            "Chromium is not installed: the status page test needs Debian's chromium package (apt-get install -y chromium).");
        return found;
    }
}
