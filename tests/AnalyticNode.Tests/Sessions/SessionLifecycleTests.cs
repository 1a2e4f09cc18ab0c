using System.Diagnostics;
using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.PgWire.Auth;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Sessions;

/// <summary>Cancellation, timeouts, concurrency, authentication and limits on a real node.</summary>
[Collection(CpuBoundTests.Name)]
public class SessionLifecycleTests
{
    /// <summary>A query DuckDB needs many seconds for, so there is time to cancel it.</summary>
    private const string LongQuery = "select count(*) from range(100000000000) t(a) where a % 7 = 3";

    [Fact]
    public async Task Cancel_LongDuckDbQuery_Fails57014AndTheSessionGoesOn()
    {
        await using var node = await NodeHost.CreateAsync();
        await using var connection = await node.OpenAsync();
        await using var command = new NpgsqlCommand(LongQuery, connection);

        var running = command.ExecuteScalarAsync();
        await Task.Delay(500);
        await CancelUntilEndedAsync(command, running);

        var cancelled = await Assert.ThrowsAsync<OperationCanceledException>(() => running);
        Assert.Equal("57014", Assert.IsType<PostgresException>(cancelled.InnerException).SqlState);
        await using var after = new NpgsqlCommand("select 42", connection);
        Assert.Equal(42, await after.ExecuteScalarAsync());
    }

    /// <summary>
    /// Like PostgreSQL, the node drops a cancel that arrives before the statement runs; under load the statement may
    /// start late, so cancel until it has ended.
    /// </summary>
    private static async Task CancelUntilEndedAsync(NpgsqlCommand command, Task running)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!running.IsCompleted && DateTime.UtcNow < deadline)
        {
            command.Cancel();
            await Task.WhenAny(running, Task.Delay(100));
        }
    }

    [Fact]
    public async Task StatementTimeout_LongQuery_IsCancelledWithItsOwnMessage()
    {
        await using var node = await NodeHost.CreateAsync();
        await using var connection = await node.OpenAsync();
        await using (var set = new NpgsqlCommand("set statement_timeout = '300ms'", connection))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(LongQuery, connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
        Assert.Equal("57014", error.SqlState);
        Assert.Equal("canceling statement due to statement timeout", error.MessageText);
    }

    [Fact]
    public async Task LongQueryInOneSession_DoesNotBlockAnother()
    {
        await using var node = await NodeHost.CreateAsync();
        await using var busy = await node.OpenAsync();
        await using var other = await node.OpenAsync();
        await using var command = new NpgsqlCommand(LongQuery, busy);
        var running = command.ExecuteScalarAsync();
        await Task.Delay(300);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await using var quick = new NpgsqlCommand("select 1", other);
            Assert.Equal(1, await quick.ExecuteScalarAsync());
        }

        Assert.False(running.IsCompleted, "the long query should still be running while the other session works");
        await CancelUntilEndedAsync(command, running);
        await Assert.ThrowsAnyAsync<Exception>(() => running);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("scram-sha-256")]
    [InlineData("md5")]
    public async Task ConfiguredUsers_RightPasswordConnectsAndWrongGets28P01(string method)
    {
        await using var node = await NodeHost.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Node:AuthMethod"] = method,
            ["Node:Users:alice"] = "alice-secret",
            ["Node:Users:bob"] = ScramVerifier.Create("bob-secret").ToString(),
        });

        await using (var okSource = node.DataSource(user: "alice", password: "alice-secret"))
        await using (var ok = await okSource.OpenConnectionAsync())
        {
            await using var command = new NpgsqlCommand("select current_user", ok);
            Assert.Equal("alice", await command.ExecuteScalarAsync());
        }

        await using var wrong = node.DataSource(user: "alice", password: "nope");
        var error = await Assert.ThrowsAsync<PostgresException>(async () => await wrong.OpenConnectionAsync());
        Assert.Equal("28P01", error.SqlState);

        await using var unknown = node.DataSource(user: "mallory", password: "alice-secret");
        Assert.Equal("28P01", (await Assert.ThrowsAsync<PostgresException>(async () => await unknown.OpenConnectionAsync())).SqlState);
    }

    [Fact]
    public async Task MaxConnections_OneMore_Gets53300()
    {
        await using var node = await NodeHost.CreateAsync(settings: new Dictionary<string, string?> { ["Node:MaxConnections"] = "2" });
        await using var first = await node.OpenAsync();
        await using var second = await node.OpenAsync();

        await using var third = node.DataSource();
        var error = await Assert.ThrowsAsync<PostgresException>(async () => await third.OpenConnectionAsync());
        Assert.Equal("53300", error.SqlState);

        await second.CloseAsync();
        await using var again = await node.OpenAsync();
        Assert.Equal(System.Data.ConnectionState.Open, again.State);
    }

    /// <summary>Long enough that a test never sees the node wait it out; the shutdown must not need it.</summary>
    private static readonly Dictionary<string, string?> LongShutdownTimeout = new() { ["Node:ShutdownTimeout"] = "00:02:00" };

    [Fact]
    public async Task Stop_IdleSession_EndsAtOnceWith57P01()
    {
        await using var node = await NodeHost.CreateAsync(settings: LongShutdownTimeout);
        await using var connection = await node.OpenAsync();

        await node.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));

        await using var command = new NpgsqlCommand("select 1", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
        Assert.Equal("57P01", error.SqlState);
        Assert.Equal("terminating connection due to administrator command", error.MessageText);
    }

    [Fact]
    public async Task Stop_RunningStatement_DeliversItsWholeResultThenEndsTheSession()
    {
        const int rows = 3_000_000;
        await using var node = await NodeHost.CreateAsync(settings: LongShutdownTimeout);
        var port = node.Port;
        await using var connection = await node.OpenAsync();
        await using var query = new NpgsqlCommand($"select i from range({rows}) t(i)", connection);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        long count = 1, sum = reader.GetInt64(0);

        // The result is far larger than the socket buffers: the statement is still sending when the stop begins.
        var stop = node.StopAsync();
        await WaitUntilRefusedAsync(port);
        Assert.False(stop.IsCompleted);

        while (await reader.ReadAsync())
        {
            count++;
            sum += reader.GetInt64(0);
        }

        Assert.Equal(rows, count);
        Assert.Equal((long)rows * (rows - 1) / 2, sum);
        await reader.CloseAsync();
        await stop.WaitAsync(TimeSpan.FromSeconds(60));

        await using var next = new NpgsqlCommand("select 1", connection);
        Assert.Equal("57P01", (await Assert.ThrowsAsync<PostgresException>(() => next.ExecuteScalarAsync())).SqlState);
    }

    [Fact]
    public async Task Stop_StatementOutlastingTheShutdownTimeout_IsEndedAndTheNodeStops()
    {
        await using var node = await NodeHost.CreateAsync(settings: new Dictionary<string, string?> { ["Node:ShutdownTimeout"] = "00:00:01" });
        await using var connection = await node.OpenAsync();
        await using var command = new NpgsqlCommand(LongQuery, connection);
        var running = command.ExecuteScalarAsync();
        await Task.Delay(500);

        await node.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => running.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("57P01", Assert.IsType<PostgresException>(error).SqlState);
    }

    /// <summary>Waits until the node no longer accepts connections on <paramref name="port"/>.</summary>
    private static async Task WaitUntilRefusedAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
            }
            catch (System.Net.Sockets.SocketException)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the node still accepts connections");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Stop_IdleSessionsAreClosedAndTheFileIsReleased()
    {
        var node = await NodeHost.CreateAsync("create table t as select 1 as a");
        await using var connection = await node.OpenAsync();

        await node.StopAsync();

        await using var duck = new DuckDB.NET.Data.DuckDBConnection($"Data Source={node.DataPath}");
        await duck.OpenAsync();
        await using var command = duck.CreateCommand();
        command.CommandText = "select a from t";
        Assert.Equal(1, await command.ExecuteScalarAsync());
        await node.DisposeAsync();
    }
}
