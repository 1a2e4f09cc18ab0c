using System.Diagnostics;
using HtapRouter.Replicator.Tests.Workload;
using Xunit.Abstractions;

namespace HtapRouter.Replicator.Tests;

/// <summary>
/// A seeded random workload over every mapped type on a real primary, replicated by a real node; afterwards
/// every table on the node must read exactly as on the primary.
/// </summary>
public class WorkloadTests : ReplicationTestBase, IClassFixture<StreamingPrimaryFixture>
{
    private readonly ITestOutputHelper _output;

    public WorkloadTests(StreamingPrimaryFixture fixture, ITestOutputHelper output)
        : base(fixture.Server)
    {
        _output = output;
    }

    // Twice quarantined, for the same cause: a column added with a default whose older rows' value the node read from
    // the primary's catalog after a table rewrite had cleared it (one run in three), or after the column was dropped
    // again (seed 195017984: under REPLICA IDENTITY FULL, updates and deletes of older rows then found no row). The
    // node now copies such a table again (see ChangeCaseTests.SchemaChange_AddColumnWithDefaultThen*), and the
    // workload makes those sequences on purpose.
    [Fact]
    public async Task RandomWorkload_AllTypesAndDdl_NodeReadsExactlyAsThePrimary()
    {
        var seed = TestSeed.Next(_output);
        var stopwatch = Stopwatch.StartNew();
        var (database, primary) = await NewDatabaseAsync();
        await using var workload = await RandomWorkload.CreateAsync(primary, seed, rows: 40);

        // Some history before the node starts, so the initial copy sees altered and created tables too.
        await workload.RunAsync(60, largeEvery: 30);
        await using var node = await ReplicaNode.StartAsync(primary, "workload");

        // Writing on while the initial copy runs would risk deadlocks with it, which roll back transactions at
        // random and make the seed replay differently; the crash test writes through the initial copy instead.
        await WaitForInitialCopyAsync(node);
        await workload.RunAsync(200, largeEvery: 40);

        var workloadTime = stopwatch.Elapsed;
        await ReplicaComparison.WaitForCatchUpAsync(Primary.Endpoint(database), node.Endpoint(), Patience, node.Log);
        var catchUpTime = stopwatch.Elapsed - workloadTime;
        var differences = await ReplicaComparison.DifferencesAsync(Primary.Endpoint(database), node.Endpoint());
        _output.WriteLine($"{workload.Statements} statements, {workload.Transactions.Committed} transactions committed and " +
                          $"{workload.Transactions.RolledBack} rolled back ({workload.Deadlocks} deadlocked), {workload.Tables.Count} tables, in {stopwatch.Elapsed.TotalSeconds:F1} s " +
                          $"(workload {workloadTime.TotalSeconds:F1} s, catching up {catchUpTime.TotalSeconds:F1} s)");
        Assert.True(differences.Length == 0, $"seed {seed}: the node differs from the primary:\n{differences}\nnode log:\n{node.Log.Tail()}");
    }

    private static async Task WaitForInitialCopyAsync(ReplicaNode node)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (node.Progress.AppliedLsn is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the initial copy did not finish within {Patience}\n{node.Log.Tail()}");
            await Task.Delay(50);
        }
    }
}
