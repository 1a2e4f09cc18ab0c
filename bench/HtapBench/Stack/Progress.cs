using System.Diagnostics;

namespace HtapRouter.Bench.Stack;

/// <summary>One line per step on standard error, stamped with the time since the run began, so a slow step shows.</summary>
public static class Progress
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static void Step(string message) =>
        Console.Error.WriteLine($"[bench {Clock.Elapsed:hh\\:mm\\:ss}] {message}");
}
