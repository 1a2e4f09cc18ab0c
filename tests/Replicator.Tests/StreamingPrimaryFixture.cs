using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.Replicator.Tests;

/// <summary>
/// A primary that streams every transaction larger than 64 kB to the node while it is still in progress
/// (logical_decoding_work_mem at its minimum), so that a modest workload exercises Stream Start/Commit/Abort.
/// </summary>
public sealed class StreamingPrimaryFixture : PostgresFixture
{
    protected override PostgresServerOptions CreateOptions() => new()
    {
        Settings = new Dictionary<string, string> { ["logical_decoding_work_mem"] = "64kB" },
    };
}
