using System.Diagnostics;
using HtapRouter.TestSupport.Postgres;
using HtapRouter.TestSupport.Postgres.Local;
using Npgsql;

namespace HtapRouter.EndToEnd.Tests.TestSupport.Postgres;

public sealed class AcquireAsyncTests
{
    [Fact]
    public async Task AcquireAsync_ExternalConnectionString_UsesThatServerAndLeavesItRunning()
    {
        await using var existing = await LocalPostgresCluster.CreateAsync();

        var server = await PostgresServer.AcquireAsync(new PostgresServerOptions { ExternalConnectionString = existing.ConnectionString() });
        var database = await server.CreateDatabaseAsync();
        await server.DisposeAsync();

        Assert.Equal(PostgresServerKind.External, server.Kind);
        Assert.Equal(existing.Port, server.Port);
        Assert.True(existing.IsRunning);
        Assert.Equal(0L, await existing.ScalarAsync<long>($"SELECT count(*) FROM pg_database WHERE datname = '{database}'"));
    }

    [Fact]
    public async Task AcquireAsync_ExternalServerWithReplicaWalLevel_FailsNamingTheSetting()
    {
        await using var existing = await LocalPostgresCluster.CreateAsync(new PostgresServerOptions
        {
            Settings = new Dictionary<string, string> { ["wal_level"] = "replica", ["max_replication_slots"] = "4" },
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => PostgresServer.AcquireAsync(new PostgresServerOptions { ExternalConnectionString = existing.ConnectionString() }));

        Assert.Contains("HTAP_TEST_PG", failure.Message, StringComparison.Ordinal);
        Assert.Contains("wal_level is 'replica'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("max_replication_slots is 4", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_ExternalWithoutPassword_FailsAskingForOne()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => PostgresServer.AcquireAsync(new PostgresServerOptions { ExternalConnectionString = "Host=127.0.0.1;Username=postgres" }));

        Assert.Contains("Password", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_ExternalUnreachable_FailsNamingTheServer()
    {
        await using var stopped = await LocalPostgresCluster.CreateAsync();
        await stopped.StopAsync();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => PostgresServer.AcquireAsync(new PostgresServerOptions { ExternalConnectionString = stopped.ConnectionString() }));

        Assert.Contains($"HTAP_TEST_PG server at 127.0.0.1:{stopped.Port}", failure.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NpgsqlException>(failure.InnerException);
    }

    [Fact]
    public async Task IsAvailableAsync_AnyMachine_AnswersWithinSeconds()
    {
        var stopwatch = Stopwatch.StartNew();

        await DockerEngine.IsAvailableAsync(CancellationToken.None);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"Docker detection took {stopwatch.Elapsed}");
    }
}
