using System.Diagnostics;
using System.Globalization;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.EndToEnd.Tests.TestSupport.Processes;

public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task RunAsync_StandardInput_ReachesProcess()
    {
        var result = await ProcessRunner.RunAsync(new ProcessRequest("cat", []) { StandardInput = "first line\nsecond line\n" });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("first line\nsecond line\n", result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_EnvironmentAndWorkingDirectory_AreApplied()
    {
        var directory = Directory.CreateTempSubdirectory("htap-runner-");
        try
        {
            var result = await ProcessRunner.RunAsync(
                new ProcessRequest("sh", ["-c", "printf '%s|%s|%s' \"$HTAP_RUNNER_VALUE\" \"${HOME-unset}\" \"$(pwd -P)\""])
                {
                    Environment = new Dictionary<string, string?> { ["HTAP_RUNNER_VALUE"] = "a value with spaces", ["HOME"] = null },
                    WorkingDirectory = directory.FullName,
                });

            Assert.Equal($"a value with spaces|unset|{directory.FullName}", result.StandardOutput);
        }
        finally
        {
            directory.Delete();
        }
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_ReturnsCodeAndStandardError()
    {
        var result = await ProcessRunner.RunAsync(new ProcessRequest("sh", ["-c", "echo partial; echo 'something broke' >&2; exit 3"]));

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("partial\n", result.StandardOutput);
        Assert.Equal("something broke\n", result.StandardError);
        var failure = Assert.Throws<InvalidOperationException>(() => result.EnsureSuccess());
        Assert.Contains("exited with code 3", failure.Message, StringComparison.Ordinal);
        Assert.Contains("something broke", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsWholeProcessTree()
    {
        var pidFile = Path.GetTempFileName();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var request = new ProcessRequest("sh", ["-c", "sleep 300 & echo $! > \"$1\"; echo started; wait", "sh", pidFile])
            {
                Timeout = TimeSpan.FromSeconds(1),
            };

            var timeout = await Assert.ThrowsAsync<TimeoutException>(() => ProcessRunner.RunAsync(request));

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
            Assert.Contains("started", timeout.Message, StringComparison.Ordinal);
            var grandchild = int.Parse(await File.ReadAllTextAsync(pidFile), CultureInfo.InvariantCulture);
            Assert.True(await ProcessState.HasExitedAsync(grandchild), $"the background sleep (pid {grandchild}) survived the timeout");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsProcessAndThrowsCancellation()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ProcessRunner.RunAsync(new ProcessRequest("sleep", ["300"]), cancellation.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }
}
