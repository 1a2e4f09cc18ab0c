using HtapRouter.Replicator.Tests.Workload;
using HtapRouter.TestSupport.Clients;
using Xunit.Abstractions;

namespace HtapRouter.Replicator.Tests;

/// <summary>
/// The node process killed with SIGKILL in the middle of its initial copy and at random points of a running
/// workload, then started again on the same DuckDB file: in the end every table must read exactly as on the
/// primary, with no row lost and none applied twice.
/// </summary>
public class CrashTests : ReplicationTestBase, IClassFixture<StreamingPrimaryFixture>
{
    /// <summary>Big enough that the binary initial copy of it (about 600,000 rows a second) lasts long enough for a kill to land.</summary>
    private const int BigRows = 1_000_000;
    private readonly ITestOutputHelper _output;

    public CrashTests(StreamingPrimaryFixture fixture, ITestOutputHelper output)
        : base(fixture.Server)
    {
        _output = output;
    }

    [Fact]
    public async Task KillNine_DuringInitialCopyAndWorkload_NothingLostNothingTwice()
    {
        // Timing decides where the kills land, so a seed replays the workload's statements, not the kills.
        var seed = TestSeed.Next(_output);
        var random = new Random(seed);
        var (database, primary) = await NewDatabaseAsync();
        await Primary.ExecuteAsync($"""
            create table big (id bigint primary key, note text, amount numeric(12,2), happened timestamptz);
            insert into big select g, md5(g::text), g / 100.0, '2024-01-01'::timestamptz + g * interval '1 second'
            from generate_series(1, {BigRows}) g;
            analyze big;
            """, database);
        await using var workload = await RandomWorkload.CreateAsync(primary, seed, rows: 40);
        await using var node = NodeProcess.Create(primary, "crash");

        var copyKills = 0;
        for (var attempt = 0; attempt < 3 && copyKills < 2; attempt++)
        {
            await node.StartAsync();
            if (!await KillDuringCopyAsync(node, random))
            {
                // The copy finished before the kill: it is committed, and no later start copies again.
                break;
            }
            copyKills++;
        }

        Assert.True(copyKills > 0, $"no kill landed while the initial copy of big ran\n{node.Tail()}");

        const int Rounds = 4;
        for (var round = 0; round < Rounds; round++)
        {
            await node.StartAsync();
            var work = workload.RunAsync(40, largeEvery: 15);
            await Task.Delay(random.Next(300, 3000));
            await node.KillAsync();
            await work;
        }

        await node.StartAsync();
        await ReplicaComparison.WaitForCatchUpAsync(Primary.Endpoint(database), node.Endpoint(), Patience * 2);
        var differences = await ReplicaComparison.DifferencesAsync(Primary.Endpoint(database), node.Endpoint());
        _output.WriteLine($"{copyKills} kills during the initial copy, {Rounds} during the workload; {workload.Statements} statements, " +
                          $"{workload.Transactions.Committed} transactions committed, {workload.Transactions.RolledBack} rolled back");
        Assert.True(differences.Length == 0, $"seed {seed}: after {node.Starts} starts the node differs from the primary:\n{differences}\n{node.Tail()}");
    }

    /// <summary>
    /// Waits until the node reports copying big (htap_meta.sync_progress, written outside the copy's transaction),
    /// lets it copy a little, and kills it if it still has not finished; false when the copy finished first.
    /// </summary>
    private static async Task<bool> KillDuringCopyAsync(NodeProcess node, Random random)
    {
        const string Copying = "select count(*) from htap_meta.sync_progress where table_name = 'public.big' and not done";
        var deadline = DateTime.UtcNow + Patience;
        while (await Psql.RunAsync(node.Endpoint(), ["-X", "-A", "-t", "-c", Copying]) is var result
               && !(result.Succeeded && result.StandardOutput.Trim() == "1"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the node never started copying big\n{node.Tail()}");
            await Task.Delay(20);
        }

        // Soon after it began: on an idle machine the whole copy takes under two seconds.
        await Task.Delay(random.Next(0, 150));
        var stillCopying = await Psql.QueryAsync(node.Endpoint(), Copying) == "1";
        await node.KillAsync();
        return stillCopying;
    }
}
