using HtapRouter.TestSupport.Clients;

namespace HtapRouter.TestSupport.Pgpool;

public sealed partial class PgpoolServer
{
    /// <summary>SHOW POOL_NODES through psql, one <see cref="PoolNode"/> per backend, by node id.</summary>
    public async Task<IReadOnlyList<PoolNode>> ShowPoolNodesAsync(CancellationToken cancellationToken = default) =>
        [.. (await ShowAsync("SHOW POOL_NODES", cancellationToken)).Select(PoolNode.FromRow).OrderBy(node => node.NodeId)];

    /// <summary>
    /// Runs one of pgpool's SHOW commands (SHOW POOL_NODES, SHOW POOL_HEALTH_CHECK_STATS, …) with psql and returns
    /// its rows as column name → text, so callers do not depend on the column order of a pgpool release.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> ShowAsync(string command, CancellationToken cancellationToken = default)
    {
        var result = await Psql.RunAsync(
            Endpoint(Options.CheckDatabase),
            ["-X", "-A", "-F", "|", "-P", "footer=off", "-v", "ON_ERROR_STOP=1", "-c", command],
            cancellationToken: cancellationToken);
        var lines = result.EnsureSuccess().StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            throw new InvalidOperationException($"'{command}' printed nothing, not even a header.\n{result.Describe()}");
        }

        var header = lines[0].Split('|');
        return [.. lines.Skip(1).Select(line =>
        {
            var values = line.Split('|');
            return values.Length == header.Length
                ? (IReadOnlyDictionary<string, string>)header.Zip(values).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal)
                : throw new InvalidOperationException($"'{command}' printed a row of {values.Length} columns under {header.Length}: {line}");
        })];
    }
}
