using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.EndToEnd.Tests.TestSupport.Clients;

public sealed class PgbenchReportTests
{
    [Theory]
    [InlineData("tps = 1234.567890 (without initial connection time)")]
    [InlineData("tps = 1234.567890 (excluding connections establishing)")]
    public void Parse_SummaryOfAnyVersion_ReadsTpsAndTransactions(string tpsLine)
    {
        var output = $"transaction type: <builtin: select only>\nnumber of transactions actually processed: 2469\nlatency average = 0.8 ms\n{tpsLine}\n";

        var report = PgbenchReport.Parse(new ProcessResult("pgbench", 0, output, string.Empty, TimeSpan.FromSeconds(2)));

        Assert.Equal(1234.56789, report.TransactionsPerSecond, precision: 6);
        Assert.Equal(2469L, report.TransactionsProcessed);
    }

    [Fact]
    public void Parse_NoSummary_ThrowsWithOutput()
    {
        var result = new ProcessResult("pgbench", 0, "dropping old tables...\ndone\n", string.Empty, TimeSpan.Zero);

        var failure = Assert.Throws<FormatException>(() => PgbenchReport.Parse(result));

        Assert.Contains("dropping old tables", failure.Message, StringComparison.Ordinal);
    }
}
