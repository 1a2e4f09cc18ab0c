using System.Diagnostics;
using System.Globalization;
using HtapRouter.EndToEnd.Tests.TestSupport.Processes;
using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Postgres.Local;
using Npgsql;

namespace HtapRouter.EndToEnd.Tests.TestSupport.Postgres;

public sealed class LocalPostgresClusterTests
{
    [Fact]
    public async Task CreateAsync_Default_ListensOnLoopbackWithThrowAwaySettings()
    {
        await using var cluster = await LocalPostgresCluster.CreateAsync();

        Assert.Equal("127.0.0.1", cluster.Host);
        Assert.Equal("127.0.0.1", await cluster.ScalarAsync<string>("SHOW listen_addresses"));
        Assert.Equal(cluster.Port.ToString(CultureInfo.InvariantCulture), await cluster.ScalarAsync<string>("SHOW port"));
        Assert.Equal(cluster.RootDirectory, await cluster.ScalarAsync<string>("SHOW unix_socket_directories"));
        Assert.Equal(cluster.DataDirectory, await cluster.ScalarAsync<string>("SHOW data_directory"));
        Assert.Equal("off|off|off", await cluster.ScalarAsync<string>(
            "SELECT current_setting('fsync') || '|' || current_setting('synchronous_commit') || '|' || current_setting('full_page_writes')"));
        Assert.True(await cluster.ScalarAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = 'postgres'"));
    }

    [Fact]
    public async Task CreateAsync_Default_RequiresScramForTcpAndReplication()
    {
        await using var cluster = await LocalPostgresCluster.CreateAsync();

        var rules = await cluster.ScalarAsync<string>(
            """
            SELECT string_agg(format('%s %s %s %s', type, array_to_string(database, ','), address, auth_method), E'\n' ORDER BY line_number)
            FROM pg_hba_file_rules WHERE type = 'host'
            """);

        Assert.Equal("host all 127.0.0.1 scram-sha-256\nhost replication 127.0.0.1 scram-sha-256", rules);
    }

    [Fact]
    public async Task RestartAsync_WithData_ComesBackOnSamePortWithData()
    {
        await using var cluster = await LocalPostgresCluster.CreateAsync();
        await cluster.ExecuteAsync("CREATE TABLE survivors AS SELECT generate_series(1, 10) AS id");
        var startedBefore = await cluster.ScalarAsync<DateTime>("SELECT pg_postmaster_start_time()");
        var port = cluster.Port;

        await cluster.RestartAsync();

        Assert.True(cluster.IsRunning);
        Assert.Equal(port, cluster.Port);
        Assert.True(await cluster.ScalarAsync<DateTime>("SELECT pg_postmaster_start_time()") > startedBefore);
        Assert.Equal(10L, await cluster.ScalarAsync<long>("SELECT count(*) FROM survivors"));
    }

    [Fact]
    public async Task StopAsync_OpenConnection_BreaksItAndRefusesNewOnesUntilStarted()
    {
        await using var cluster = await LocalPostgresCluster.CreateAsync();
        await using var open = await cluster.OpenConnectionAsync();

        await cluster.StopAsync();

        Assert.False(cluster.IsRunning);
        await using (var command = new NpgsqlCommand("SELECT 1", open))
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => command.ExecuteScalarAsync());
        }

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => cluster.OpenConnectionAsync());
        await cluster.StartAsync();
        Assert.Equal(1, await cluster.ScalarAsync<int>("SELECT 1"));
    }

    [Fact]
    public async Task DisposeAsync_RunningClusterTwice_StopsServerAndDeletesDirectory()
    {
        var cluster = await LocalPostgresCluster.CreateAsync();
        var postmasterPid = int.Parse(File.ReadLines(Path.Combine(cluster.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists(cluster.RootDirectory));

        await cluster.DisposeAsync();
        await cluster.DisposeAsync();

        Assert.False(Directory.Exists(cluster.RootDirectory), $"{cluster.RootDirectory} is left behind");
        Assert.True(await ProcessState.HasExitedAsync(postmasterPid), $"postmaster {postmasterPid} still runs");
        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
    }

    [Fact]
    public async Task CreateAsync_TwoClusters_AreIndependent()
    {
        await using var first = await LocalPostgresCluster.CreateAsync();
        await using var second = await LocalPostgresCluster.CreateAsync();
        await first.ExecuteAsync("CREATE TABLE only_on_first (id int)");

        await first.StopAsync();

        Assert.NotEqual(first.Port, second.Port);
        Assert.NotEqual(first.RootDirectory, second.RootDirectory);
        Assert.NotEqual(first.Password, second.Password);
        Assert.True(await second.ScalarAsync<bool>("SELECT to_regclass('only_on_first') IS NULL"));
    }

    [Fact]
    public async Task CreateAsync_ClusterOfDeadProcessInTemporaryRoot_RemovesItAndKeepsLiveOnes()
    {
        using var parent = new TemporaryDirectory();
        var dead = Path.Combine(parent.Path, $"htap-pg-{await DeadProcessIdAsync()}-0123456789abcdef");
        var live = Path.Combine(parent.Path, $"htap-pg-{Environment.ProcessId}-0123456789abcdef");
        var foreign = Path.Combine(parent.Path, "htap-pg-not-ours");
        Directory.CreateDirectory(Path.Combine(dead, "data"));
        Directory.CreateDirectory(live);
        Directory.CreateDirectory(foreign);

        await using var cluster = await LocalPostgresCluster.CreateAsync(new PostgresServerOptions { TemporaryRoot = parent.Path });

        Assert.False(Directory.Exists(dead), "the dead process's cluster was not removed");
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(foreign));
        Assert.True(Directory.Exists(cluster.RootDirectory));
    }

    [Fact]
    public async Task CreateAsync_InvalidSetting_FailsWithServerLogAndLeavesNothing()
    {
        using var parent = new TemporaryDirectory();
        var options = new PostgresServerOptions
        {
            TemporaryRoot = parent.Path,
            Settings = new Dictionary<string, string> { ["shared_buffers"] = "not-a-size" },
        };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalPostgresCluster.CreateAsync(options));

        Assert.Contains("--- server log ---", failure.Message, StringComparison.Ordinal);
        Assert.Contains("\"shared_buffers\"", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(parent.Path));
    }

    private static async Task<int> DeadProcessIdAsync()
    {
        using var process = Process.Start("true") ?? throw new InvalidOperationException("could not start 'true'");
        await process.WaitForExitAsync();
        return process.Id;
    }
}
