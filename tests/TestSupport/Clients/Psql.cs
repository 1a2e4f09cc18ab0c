using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.TestSupport.Clients;

/// <summary>Runs the real psql client against an endpoint.</summary>
public static class Psql
{
    /// <summary>
    /// Runs psql with the endpoint's host, port, user and database followed by <paramref name="arguments"/>.
    /// The exit code is returned, not checked: psql exits 1 when a <c>-c</c> command fails, 2 on a connection failure
    /// and 3 when a script (<c>-f</c> or standard input) fails under ON_ERROR_STOP. <c>timeout</c> defaults to <see cref="ProcessRequest.Timeout"/>'s default.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        PgEndpoint endpoint,
        IEnumerable<string> arguments,
        string? standardInput = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var psql = await PostgresBinaries.FindToolAsync("psql");
        var request = new ProcessRequest(psql, [.. endpoint.ServerArguments, "-d", endpoint.Database, .. arguments])
        {
            StandardInput = standardInput,
            Environment = endpoint.ClientEnvironment,
        };
        return await ProcessRunner.RunAsync(timeout is { } t ? request with { Timeout = t } : request, cancellationToken);
    }

    /// <summary>
    /// Runs one SQL string with <c>-X -A -t</c> (no psqlrc, unaligned, tuples only) and ON_ERROR_STOP, and returns
    /// the output without its final newline: one line per row, columns separated by '|'. Throws if psql fails.
    /// </summary>
    public static async Task<string> QueryAsync(PgEndpoint endpoint, string sql, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(
            endpoint, ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], cancellationToken: cancellationToken);
        return result.EnsureSuccess().StandardOutput.TrimEnd('\n');
    }
}
