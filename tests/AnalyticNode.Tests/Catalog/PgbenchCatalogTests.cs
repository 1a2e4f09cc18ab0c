using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport.Clients;

namespace HtapRouter.AnalyticNode.Tests.Catalog;

/// <summary>pgbench's select-only run against pgbench tables as a replica holds them, in each query mode.</summary>
public sealed class PgbenchCatalogTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.CreateAsync("""
        create table pgbench_branches (bid integer not null primary key, bbalance integer, filler char(88));
        create table pgbench_tellers (tid integer not null primary key, bid integer, tbalance integer, filler char(84));
        create table pgbench_accounts (aid integer not null primary key, bid integer, abalance integer, filler char(84));
        create table pgbench_history (tid integer, bid integer, aid integer, delta integer, mtime timestamp, filler char(22));
        insert into pgbench_branches values (1, 0, null);
        insert into pgbench_tellers select i, 1, 0, null from range(1, 11) t(i);
        insert into pgbench_accounts select i, 1, 0, '' from range(1, 100001) t(i);
        """);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData("simple")]
    [InlineData("extended")]
    [InlineData("prepared")]
    public async Task PgbenchSelectOnly_QueryMode_ProcessesTransactionsWithoutFailures(string mode)
    {
        // Without -n pgbench vacuums first; a standby refuses that and pgbench carries on, as against PostgreSQL.
        var result = await Pgbench.RunAsync(_node.Endpoint(), ["-S", "-M", mode, "-c", "2", "-t", "200"]);

        Assert.True(result.Succeeded, result.Describe());
        Assert.Contains("number of transactions actually processed: 400/400", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("number of failed transactions: 0 (0.000%)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("scaling factor: 1", result.StandardOutput, StringComparison.Ordinal);
    }
}
