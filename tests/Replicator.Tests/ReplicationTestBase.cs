using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.Replicator.Tests;

/// <summary>What replication tests share: a database of their own on the primary, and the check that the node
/// answers a SELECT exactly as the primary does.</summary>
public abstract class ReplicationTestBase
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    protected ReplicationTestBase(PostgresServer primary) => Primary = primary;

    protected PostgresServer Primary { get; }

    protected async Task<(string Database, string ConnectionString)> NewDatabaseAsync()
    {
        var database = await Primary.CreateDatabaseAsync();
        return (database, Primary.ConnectionString(database));
    }

    /// <summary>Waits until the node answers <paramref name="sql"/> exactly as the primary does.</summary>
    internal async Task AssertConvergesAsync(ReplicaNode node, string database, string sql)
    {
        var expected = await Psql.QueryAsync(Primary.Endpoint(database), sql);
        var deadline = DateTime.UtcNow + Patience;
        string? actual = null;
        while (DateTime.UtcNow < deadline)
        {
            var result = await Psql.RunAsync(node.Endpoint(), ["-X", "-A", "-t", "-c", sql]);
            actual = result.Succeeded ? result.StandardOutput.TrimEnd('\n') : result.StandardError;
            if (actual == expected)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.True(expected == actual, $"the node answers\n{actual}\ninstead of\n{expected}\nnode log:\n{node.Log.Tail()}");
    }
}
