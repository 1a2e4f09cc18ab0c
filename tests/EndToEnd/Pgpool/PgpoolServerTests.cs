using System.Diagnostics;
using System.Globalization;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Pgpool;
using HtapRouter.TestSupport.Postgres;

namespace HtapRouter.EndToEnd.Tests.Pgpool;

/// <summary>The harness itself: pgpool starts on its own port, reports failures with its log and leaves nothing behind.</summary>
public sealed class PgpoolServerTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private PostgresServer Server => fixture.Server;

    [Fact]
    public async Task StartAsync_SinglePrimary_ServesQueriesOnItsOwnPort()
    {
        await using var pgpool = await PgpoolServer.StartAsync(Options());

        var answer = await Psql.QueryAsync(pgpool.Endpoint(), "SELECT current_setting('port')");

        Assert.Equal(Server.Port.ToString(CultureInfo.InvariantCulture), answer);
        Assert.NotEqual(Server.Port, pgpool.Port);
        var node = Assert.Single(await pgpool.ShowPoolNodesAsync());
        Assert.Equal((0, "up", "primary"), (node.NodeId, node.Status, node.Role));
    }

    [Fact]
    public async Task DisposeAsync_RunningPgpool_StopsItAndRemovesItsDirectory()
    {
        var pgpool = await PgpoolServer.StartAsync(Options());
        var processId = int.Parse(File.ReadAllText(Path.Combine(pgpool.Directory, "pgpool.pid")).Trim(), CultureInfo.InvariantCulture);

        await pgpool.DisposeAsync();

        Assert.False(Directory.Exists(pgpool.Directory));
        Assert.False(IsRunning(processId), $"pgpool (pid {processId}) still runs after disposal.");
        Assert.Contains("shutting down", pgpool.Log, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StartAsync_PasswordTheBackendRejects_FailsWithPgpoolLog()
    {
        var options = Options() with { Password = Server.Password + "-wrong", StartTimeout = TimeSpan.FromSeconds(5) };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PgpoolServer.StartAsync(options));

        Assert.Contains("pgpool did not start", error.Message, StringComparison.Ordinal);
        Assert.Contains("--- pgpool log ---", error.Message, StringComparison.Ordinal);
        Assert.Contains("authentication", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private PgpoolOptions Options() => new()
    {
        Backends = [new PgpoolBackend(Server.Host, Server.Port)],
        Username = Server.Username,
        Password = Server.Password,
    };

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
