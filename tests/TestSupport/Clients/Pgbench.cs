using System.Globalization;
using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Processes;

namespace HtapRouter.TestSupport.Clients;

/// <summary>Runs the real pgbench client against an endpoint.</summary>
public static class Pgbench
{
    /// <summary>
    /// Runs pgbench with the endpoint's host, port and user, then <paramref name="arguments"/>, then the database
    /// (pgbench takes it as the last positional argument). The exit code is returned, not checked.
    /// <c>timeout</c> defaults to <see cref="ProcessRequest.Timeout"/>'s default.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        PgEndpoint endpoint,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var pgbench = await PostgresBinaries.FindToolAsync("pgbench");
        var request = new ProcessRequest(pgbench, [.. endpoint.ServerArguments, .. arguments, endpoint.Database])
        {
            Environment = endpoint.ClientEnvironment,
        };
        return await ProcessRunner.RunAsync(timeout is { } t ? request with { Timeout = t } : request, cancellationToken);
    }

    /// <summary>Creates and fills the pgbench tables (<c>pgbench -i -q -s scale</c>); throws if it fails.</summary>
    public static async Task<ProcessResult> InitializeAsync(
        PgEndpoint endpoint, int scale = 1, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(
            endpoint, ["-i", "-q", "-s", scale.ToString(CultureInfo.InvariantCulture)], cancellationToken: cancellationToken);
        return result.EnsureSuccess();
    }

    /// <summary>
    /// Runs a benchmark, for example <c>["-S", "-T", "2"]</c>, and parses its summary; throws if pgbench fails
    /// or prints no summary.
    /// </summary>
    public static async Task<PgbenchReport> BenchmarkAsync(
        PgEndpoint endpoint,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(endpoint, arguments, timeout, cancellationToken);
        return PgbenchReport.Parse(result.EnsureSuccess());
    }
}
