using System.Net.Sockets;
using HtapRouter.TestSupport.Clients;
using Npgsql;

namespace HtapRouter.EndToEnd.Tests.Router;

/// <summary>Routing through the router with real clients: pgbench, psql and Npgsql against a primary and an analytic node.</summary>
public sealed class RouterRoutingTests(RouterCluster cluster) : IClassFixture<RouterCluster>
{
    [Theory]
    [InlineData("simple")]
    [InlineData("extended")]
    [InlineData("prepared")]
    public async Task PgbenchSelectOnly_EachProtocol_RunsOnTheAnalyticNode(string mode)
    {
        var before = await cluster.SelectCountAsync(1);

        var report = await Pgbench.BenchmarkAsync(cluster.Client, ["-n", "-S", "-M", mode, "-c", "4", "-j", "2", "-T", "2"]);

        Assert.True(report.TransactionsProcessed > 0);
        Assert.True(await cluster.SelectCountAsync(1) - before >= report.TransactionsProcessed,
            "every pgbench SELECT should have been routed to the analytic node");
    }

    [Fact]
    public async Task PgbenchConnectPerTransaction_ThroughRouter_Succeeds()
    {
        var report = await Pgbench.BenchmarkAsync(cluster.Client, ["-n", "-S", "-C", "-c", "2", "-T", "2"]);

        Assert.True(report.TransactionsProcessed > 0);
    }

    [Fact]
    public async Task Npgsql_ParameterizedReadAndWriteInTransaction_ReadsItsOwnWrite()
    {
        await using var connection = new NpgsqlConnection(cluster.Client.ConnectionString);
        await connection.OpenAsync();
        await using (var read = new NpgsqlCommand("SELECT abalance FROM pgbench_accounts WHERE aid = @aid", connection))
        {
            read.Parameters.AddWithValue("aid", 7);
            Assert.Equal(0, await read.ExecuteScalarAsync());
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await using (var before = new NpgsqlCommand("SELECT count(*) FROM pgbench_history", connection, transaction))
        {
            Assert.Equal(0L, await before.ExecuteScalarAsync());
        }
        await using (var insert = new NpgsqlCommand("INSERT INTO pgbench_history (tid, bid, aid, delta) VALUES (1, 1, @aid, 5)", connection, transaction))
        {
            insert.Parameters.AddWithValue("aid", 7);
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }
        await using (var after = new NpgsqlCommand("SELECT count(*) FROM pgbench_history WHERE aid = 7", connection, transaction))
        {
            Assert.Equal(1L, await after.ExecuteScalarAsync());
        }
        await transaction.RollbackAsync();

        await using var gone = new NpgsqlCommand("SELECT count(*) FROM pgbench_history WHERE aid = 7", connection);
        Assert.Equal(0L, await gone.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ShowPoolNodes_OverExtendedProtocol_ReturnsPgpoolColumns()
    {
        await using var connection = new NpgsqlConnection(cluster.Client.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW POOL_NODES", connection);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.Equal(14, reader.FieldCount);
        Assert.Equal("node_id", reader.GetName(0));
        Assert.Equal("last_status_change", reader.GetName(13));
        var roles = new List<string>();
        while (await reader.ReadAsync())
        {
            roles.Add(reader.GetString(6));
        }
        Assert.Equal(["primary", "standby"], roles);
    }

    [Fact]
    public async Task ReadTheStandbyCannotRun_NothingSentYet_RunsOnThePrimary()
    {
        // DuckDB has no initcap; the primary does (and it is immutable there, so the router balances it).
        const string sql = "SELECT initcap('hello router')";

        var direct = await Psql.RunAsync(cluster.StandbyDirect, ["-X", "-A", "-t", "-c", sql]);
        Assert.NotEqual(0, direct.ExitCode);
        var errorsBefore = long.Parse((await cluster.PoolNodeAsync(1, "SHOW POOL_BACKEND_STATS"))["error_cnt"], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("Hello Router", await Psql.QueryAsync(cluster.Client, sql));
        // It went to the analytic node first, which refused it.
        Assert.True(long.Parse((await cluster.PoolNodeAsync(1, "SHOW POOL_BACKEND_STATS"))["error_cnt"], System.Globalization.CultureInfo.InvariantCulture) > errorsBefore);
        await using var connection = new NpgsqlConnection(cluster.Client.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        Assert.Equal("Hello Router", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Write_ThroughRouter_RunsOnThePrimaryOnly()
    {
        var name = $"w{Guid.NewGuid():N}";
        await Psql.QueryAsync(cluster.Client, $"INSERT INTO test VALUES ({Random.Shared.Next(1000, 1_000_000)}, '{name}')");

        Assert.Equal("1", await Psql.QueryAsync(cluster.PrimaryDirect, $"SELECT count(*) FROM test WHERE name = '{name}'"));
        await RouterCluster.WaitForAsync(
            async () => await Psql.QueryAsync(cluster.StandbyDirect, $"SELECT count(*) FROM test WHERE name = '{name}'") == "1",
            "the row replicated to the analytic node");
    }

    [Fact]
    public async Task ErrorInsideTransaction_ThenRollback_SessionGoesOn()
    {
        var result = await Psql.RunAsync(cluster.Client, ["-X", "-A", "-t"], standardInput:
            "BEGIN;\nSELECT count(*) FROM test;\nSELECT * FROM no_such_table;\nSELECT 1;\nROLLBACK;\nSELECT 42;\n");

        Assert.Contains("42", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("current transaction is aborted", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("no_such_table", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_FromOneClientAfterStartup_GetsProtocolErrorAndOthersGoOn()
    {
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync("127.0.0.1", cluster.Router.Port);
            var startup = new System.Buffers.ArrayBufferWriter<byte>();
            HtapRouter.PgWire.Protocol.StartupPacket.Startup(
                [new("user", cluster.Primary.Username), new("database", cluster.Database)]).Write(startup);
            await socket.SendAsync(startup.WrittenMemory);
            await ReadUntilAsync(socket, (byte)'Z');

            // A message type no client sends.
            await socket.SendAsync(new byte[] { 0xFF, 0, 0, 0, 4 });
            var answer = await ReadUntilAsync(socket, (byte)'E');
            Assert.Contains("08P01", answer, StringComparison.Ordinal);
        }

        Assert.Equal("1", await Psql.QueryAsync(cluster.Client, "SELECT 1"));
    }

    /// <summary>Reads messages until one of type <paramref name="code"/>, returning everything read as text.</summary>
    private static async Task<string> ReadUntilAsync(Socket socket, byte code)
    {
        var seen = new System.Text.StringBuilder();
        var header = new byte[5];
        while (true)
        {
            await ReceiveExactlyAsync(socket, header);
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4;
            var body = new byte[length];
            await ReceiveExactlyAsync(socket, body);
            seen.Append((char)header[0]).Append(System.Text.Encoding.UTF8.GetString(body));
            if (header[0] == code)
            {
                return seen.ToString();
            }
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                throw new IOException("the router closed the connection");
            }
            read += n;
        }
    }
}
