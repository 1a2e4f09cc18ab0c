using System.Globalization;
using System.Text.RegularExpressions;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.TestSupport.Clients;

/// <summary>The summary pgbench prints after a benchmark run.</summary>
public sealed partial record PgbenchReport(double TransactionsPerSecond, long TransactionsProcessed, ProcessResult Process)
{
    /// <summary>Reads the summary from pgbench's standard output.</summary>
    public static PgbenchReport Parse(ProcessResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tps = TpsLine().Match(result.StandardOutput);
        var processed = ProcessedLine().Match(result.StandardOutput);
        if (!tps.Success || !processed.Success)
        {
            throw new FormatException($"No pgbench summary in the output of '{result.CommandLine}'.\n{result.Describe()}");
        }

        return new PgbenchReport(
            double.Parse(tps.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            long.Parse(processed.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            result);
    }

    // "tps = 1234.5 (without initial connection time)"; older versions say "(excluding connections establishing)".
    [GeneratedRegex(@"^tps = ([0-9]+(?:\.[0-9]+)?)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();

    // "number of transactions actually processed: 1234" with -T, "1234/1234" with -t.
    [GeneratedRegex(@"^number of transactions actually processed: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex ProcessedLine();
}
