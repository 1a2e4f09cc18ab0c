using System.Globalization;

namespace HtapRouter.EndToEnd.Tests.TestSupport.Processes;

/// <summary>Observes processes the tests did not start themselves, such as a postmaster or a grandchild.</summary>
internal static class ProcessState
{
    /// <summary>
    /// Waits up to five seconds for the process to end. A process that is gone but not yet reaped by its parent
    /// shows as a zombie in /proc and counts as ended.
    /// </summary>
    public static async Task<bool> HasExitedAsync(int pid)
    {
        var status = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/status");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (!File.Exists(status) || File.ReadLines(status).Any(line => line.StartsWith("State:\tZ", StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
