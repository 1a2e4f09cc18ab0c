using System.Diagnostics;

namespace HtapRouter.TestSupport.Processes;

/// <summary>Runs a child process to completion and captures its output.</summary>
public static class ProcessRunner
{
    /// <summary>
    /// How long to keep reading output after the process exits. A grandchild that outlives its parent
    /// (a server that daemonises) may hold the pipes open forever; its output is not worth a hang.
    /// </summary>
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the process. On timeout or cancellation the whole process tree is killed; a timeout throws
    /// <see cref="TimeoutException"/> carrying the output so far. A non-zero exit code is returned, not thrown;
    /// use <see cref="ProcessResult.EnsureSuccess"/>.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var process = new Process { StartInfo = CreateStartInfo(request) };
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        var stdout = new OutputCollector(process.StandardOutput);
        var stderr = new OutputCollector(process.StandardError);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(request.Timeout);
        try
        {
            await WriteStandardInputAsync(process, request.StandardInput, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            await DrainAsync(stdout, stderr);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"'{request.CommandLine}' did not finish within {request.Timeout} and was killed.\n" +
                $"--- stdout ---\n{stdout.Text}\n--- stderr ---\n{stderr.Text}");
        }

        var elapsed = stopwatch.Elapsed;
        await DrainAsync(stdout, stderr);
        return new ProcessResult(request.CommandLine, process.ExitCode, stdout.Text, stderr.Text, elapsed);
    }

    private static ProcessStartInfo CreateStartInfo(ProcessRequest request)
    {
        var startInfo = new ProcessStartInfo(request.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = request.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in request.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in request.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }

    private static async Task WriteStandardInputAsync(Process process, string? text, CancellationToken cancellationToken)
    {
        try
        {
            if (text is not null)
            {
                await process.StandardInput.WriteAsync(text.AsMemory(), cancellationToken);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process exited without reading all of its input; its exit code tells the story.
        }
    }

    private static async Task DrainAsync(OutputCollector stdout, OutputCollector stderr) =>
        await Task.WhenAny(Task.WhenAll(stdout.Completion, stderr.Completion), Task.Delay(OutputDrainLimit));
}
