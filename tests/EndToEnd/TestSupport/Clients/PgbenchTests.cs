using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.EndToEnd.Tests.TestSupport.Clients;

public sealed class PgbenchTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private PostgresServer Server => fixture.Server;

    [Fact]
    public async Task BenchmarkAsync_SelectOnlyForTwoSeconds_ReportsThroughput()
    {
        var database = await Server.CreateDatabaseAsync();
        await Pgbench.InitializeAsync(Server.Endpoint(database), scale: 1);

        var report = await Pgbench.BenchmarkAsync(Server.Endpoint(database), ["-S", "-T", "2", "-c", "2", "-j", "1"]);

        Assert.Equal(100_000L, await Server.ScalarAsync<long>("SELECT count(*) FROM pgbench_accounts", database));
        Assert.True(report.TransactionsPerSecond > 0, report.Process.StandardOutput);
        Assert.True(report.TransactionsProcessed > 0, report.Process.StandardOutput);
        Assert.True(report.Process.Elapsed >= TimeSpan.FromSeconds(2), $"ran for {report.Process.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_MissingTables_FailsWithoutReport()
    {
        var database = await Server.CreateDatabaseAsync();

        var result = await Pgbench.RunAsync(Server.Endpoint(database), ["-S", "-t", "1"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("pgbench_", result.StandardError, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => result.EnsureSuccess());
    }
}
