using System.Diagnostics;
using System.Globalization;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.TestSupport.Postgres.Local;

/// <summary>Drives a cluster's server programs: initdb, and pg_ctl to start and stop the postmaster.</summary>
internal sealed class PgCtl(string binDirectory, ClusterLayout layout, ServerAccount account)
{
    private const string StopWaitSeconds = "30";

    public async Task InitDbAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(
            "initdb",
            [
                "-D", layout.DataDirectory,
                "-U", "postgres",
                "--pwfile", layout.PasswordFile,
                "--auth-local", "trust",
                "--auth-host", "scram-sha-256",
                "-E", "UTF8",
                "--locale", "C",
                "--no-sync",
                "--no-instructions",
            ],
            TimeSpan.FromMinutes(2),
            cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"initdb failed with exit code {result.ExitCode}{account.AccessHint(layout.Root)}.\n{result.Describe()}");
        }
    }

    /// <summary>Starts the postmaster and waits until it accepts connections; a failed start is returned, not thrown.</summary>
    public Task<ProcessResult> StartAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(
            "pg_ctl",
            [
                "start",
                "-D", layout.DataDirectory,
                "-l", layout.LogFile,
                "-w",
                "-t", ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            ],
            timeout + TimeSpan.FromSeconds(30),
            cancellationToken);

    /// <summary>
    /// Stops the postmaster if it runs: a fast shutdown, then an immediate one, then a kill. A test that leaves
    /// a server behind would hold its port and memory until the machine restarts.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var mode in new[] { "fast", "immediate" })
        {
            if (!File.Exists(layout.PidFile))
            {
                return;
            }

            try
            {
                await RunAsync(
                    "pg_ctl",
                    ["stop", "-D", layout.DataDirectory, "-m", mode, "-w", "-t", StopWaitSeconds],
                    TimeSpan.FromSeconds(60),
                    cancellationToken);
            }
            catch (TimeoutException)
            {
                // pg_ctl itself hung; the harsher step follows.
            }
        }

        if (File.Exists(layout.PidFile))
        {
            KillPostmaster();
        }
    }

    private void KillPostmaster()
    {
        // postmaster.pid starts with the postmaster's process id.
        var firstLine = File.ReadLines(layout.PidFile).FirstOrDefault();
        if (int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            try
            {
                using var postmaster = Process.GetProcessById(pid);
                postmaster.Kill(entireProcessTree: true);
                postmaster.WaitForExit(TimeSpan.FromSeconds(10));
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        File.Delete(layout.PidFile);
    }

    private Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        account.RunAsync(
            new ProcessRequest(Path.Combine(binDirectory, program), arguments)
            {
                // The server account may not be allowed into the current directory.
                WorkingDirectory = layout.Root,
                Timeout = timeout,
            },
            cancellationToken);
}
