using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;
using Npgsql;

namespace HtapRouter.EndToEnd.Tests.Router;

/// <summary>
/// What a session through the router looks like to a client: authentication against the router's users, TLS,
/// cancel, pgpool's SHOW commands, and prepared statements that move between backends.
/// </summary>
public sealed class RouterSessionTests(RouterCluster cluster) : IClassFixture<RouterCluster>
{
    private Task<RouterHost> StartRouterAsync(IReadOnlyDictionary<string, string?> settings, CapturedLog? log = null) => RouterHost.StartAsync(
        [new RouterBackend(cluster.Primary.Host, cluster.Primary.Port, 0), new RouterBackend("127.0.0.1", cluster.StandbyPort, 1)],
        cluster.Primary.Username, cluster.Primary.Password, settings, log);

    [Fact]
    public async Task IdleClients_AfterAFirstLogin_HoldNoBackendConnectionUntilTheirFirstStatement()
    {
        await using var router = await StartRouterAsync(new Dictionary<string, string?>());
        var endpoint = router.Endpoint(cluster.Primary.Username, cluster.Primary.Password, cluster.Database);
        var connectionString = $"{endpoint.ConnectionString};Pooling=false;Application Name=idle-clients";
        async Task<long> BackendsAsync() => await cluster.Primary.ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'idle-clients'", cluster.Database);

        await using (var first = new NpgsqlConnection(connectionString))
        {
            await first.OpenAsync();
        }

        var clients = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var client = new NpgsqlConnection(connectionString);
                clients.Add(client);
                await client.OpenAsync();
            }
            // The first client's backend connection was cached, and one of them took it; the others have none yet.
            Assert.True(await BackendsAsync() <= 1, "idle clients should not hold backend connections");

            foreach (var client in clients)
            {
                await using var command = new NpgsqlCommand("/*NO LOAD BALANCE*/ SELECT current_setting('application_name')", client);
                Assert.Equal("idle-clients", await command.ExecuteScalarAsync());
            }
            Assert.Equal(20, await BackendsAsync());
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>Longer than any test waits, so a stop that finishes in time did not wait it out.</summary>
    private static readonly Dictionary<string, string?> LongShutdownTimeout = new() { ["ShutdownTimeout"] = "00:02:00" };

    /// <summary>A client of <paramref name="router"/> of its own (no pooling), logged in.</summary>
    private async Task<NpgsqlConnection> ConnectAsync(RouterHost router)
    {
        var endpoint = router.Endpoint(cluster.Primary.Username, cluster.Primary.Password, cluster.Database);
        var connection = new NpgsqlConnection($"{endpoint.ConnectionString};Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task Stop_IdleClient_Gets57P01WithoutWaitingOutTheShutdownTimeout()
    {
        await using var router = await StartRouterAsync(LongShutdownTimeout);
        await using var connection = await ConnectAsync(router);
        await using (var first = new NpgsqlCommand("SELECT 1", connection))
        {
            Assert.Equal(1, await first.ExecuteScalarAsync());
        }

        await router.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));

        await using var next = new NpgsqlCommand("SELECT 1", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => next.ExecuteScalarAsync());
        Assert.Equal("57P01", error.SqlState);
    }

    [Fact]
    public async Task Stop_StatementInFlight_FinishesWithItsResultThenTheClientGets57P01()
    {
        await using var router = await StartRouterAsync(LongShutdownTimeout);
        await using var connection = await ConnectAsync(router);
        await using var command = new NpgsqlCommand("SELECT 42 FROM pg_sleep(2)", connection);
        var running = command.ExecuteScalarAsync();
        await Task.Delay(500);

        var stop = router.StopAsync();
        Assert.Equal(42, await running);
        await stop.WaitAsync(TimeSpan.FromSeconds(60));

        await using var next = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal("57P01", (await Assert.ThrowsAsync<PostgresException>(() => next.ExecuteScalarAsync())).SqlState);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LogPerNodeStatement_LogsWhichNodeRanEachStatement_AsPgpoolDoes(bool enabled)
    {
        var log = new CapturedLog();
        await using var router = await StartRouterAsync(
            new Dictionary<string, string?> { ["LogPerNodeStatement"] = enabled ? "true" : "false" }, log);
        var client = router.Endpoint(cluster.Primary.Username, cluster.Primary.Password, cluster.Database);
        const string Read = "SELECT name FROM test WHERE id = 1";
        const string Write = "UPDATE test SET name = name WHERE id = -1";

        await Psql.QueryAsync(client, Write);
        await Psql.QueryAsync(client, Read);
        if (!enabled)
        {
            Assert.DoesNotContain(log.Lines, line => line.StartsWith("DB node id:", StringComparison.Ordinal));
            return;
        }

        Assert.Contains($"DB node id: 0 statement: {Write}", log.Lines);
        // Reads of test go to the primary until the router has loaded the node's catalog, then to node 1.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!log.Lines.Contains($"DB node id: 1 statement: {Read}"))
        {
            Assert.True(DateTime.UtcNow < deadline, "no read was logged as run on node 1: " + string.Join(" | ", log.Lines));
            await Task.Delay(200);
            await Psql.QueryAsync(client, Read);
        }
        Assert.DoesNotContain(log.Lines, line => line == $"DB node id: 1 statement: {Write}");
    }

    [Theory]
    [InlineData("scram-sha-256")]
    [InlineData("md5")]
    public async Task ConfiguredUser_RightPasswordIn_WrongPasswordGets28P01(string method)
    {
        await using var router = await StartRouterAsync(new Dictionary<string, string?>
        {
            ["AuthMethod"] = method,
            [$"Users:{cluster.Primary.Username}"] = "router-secret",
        });

        var good = router.Endpoint(cluster.Primary.Username, "router-secret", cluster.Database);
        Assert.Equal("1", await Psql.QueryAsync(good, "SELECT 1"));

        await using var bad = new NpgsqlConnection((good with { Password = "wrong" }).ConnectionString);
        var error = await Assert.ThrowsAsync<PostgresException>(() => bad.OpenAsync());
        Assert.Equal("28P01", error.SqlState);
    }

    [Fact]
    public async Task Tls_WithCertificate_PsqlConnectsEncrypted()
    {
        var directory = Directory.CreateTempSubdirectory("htap-router-tls").FullName;
        try
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            var certificatePath = Path.Combine(directory, "router.crt");
            var keyPath = Path.Combine(directory, "router.key");
            await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
            await using var router = await StartRouterAsync(new Dictionary<string, string?>
            {
                ["CertificatePath"] = certificatePath,
                ["CertificateKeyPath"] = keyPath,
            });

            var endpoint = router.Endpoint(cluster.Primary.Username, cluster.Primary.Password, $"dbname={cluster.Database} sslmode=require");
            var result = await Psql.RunAsync(endpoint, ["-X", "-A", "-t", "-c", @"\conninfo"]);
            Assert.Contains("SSL connection", result.EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Cancel_LongQueryOnPrimary_Gets57014AndSessionGoesOn()
    {
        await using var connection = new NpgsqlConnection(cluster.Client.ConnectionString);
        await connection.OpenAsync();
        await using var sleep = new NpgsqlCommand("SELECT pg_sleep(30) FROM pgbench_branches FOR UPDATE", connection);
        var running = sleep.ExecuteNonQueryAsync();
        var error = await CancelUntilEndedAsync(sleep, running);

        Assert.Equal("57014", error.SqlState);
        await using var next = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, await next.ExecuteScalarAsync());
    }

    private static async Task<PostgresException> CancelUntilEndedAsync(NpgsqlCommand command, Task running)
    {
        // A cancel that arrives before the statement starts is dropped, as PostgreSQL drops it: repeat until it ends.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!running.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            command.Cancel();
            await Task.WhenAny(running, Task.Delay(300));
        }
        var exception = await Record.ExceptionAsync(() => running);
        return Assert.IsType<PostgresException>(exception is OperationCanceledException { InnerException: { } inner } ? inner : exception);
    }

    [Theory]
    [InlineData("SHOW POOL_VERSION", "pool_version")]
    [InlineData("SHOW POOL_PROCESSES", "pool_pid|start_time|client_connection_count|database|username|backend_connection_time|pool_counter|status")]
    [InlineData("SHOW POOL_POOLS", "pool_pid|start_time|client_connection_count|pool_id|backend_id|database|username|backend_connection_time|client_connection_time|client_disconnection_time|client_idle_duration|major|minor|pool_counter|pool_backendpid|pool_connected|status|load_balance_node")]
    [InlineData("SHOW POOL_BACKEND_STATS", "node_id|hostname|port|status|role|select_cnt|insert_cnt|update_cnt|delete_cnt|ddl_cnt|other_cnt|panic_cnt|fatal_cnt|error_cnt")]
    [InlineData("SHOW POOL_HEALTH_CHECK_STATS", "node_id|hostname|port|status|role|last_status_change|total_count|success_count|fail_count|skip_count|retry_count|average_retry_count|max_retry_count|max_duration|min_duration|average_duration|last_health_check|last_successful_health_check|last_skip_health_check|last_failed_health_check")]
    public async Task ShowCommands_SimpleAndExtended_HavePgpoolColumns(string command, string columns)
    {
        var printed = (await Psql.RunAsync(cluster.Client, ["-X", "-A", "-F", "|", "-P", "footer=off", "-c", command])).EnsureSuccess().StandardOutput;
        Assert.Equal(columns, printed.Split('\n')[0]);
        Assert.True(printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1, "a row below the header");

        await using var connection = new NpgsqlConnection(cluster.Client.ConnectionString);
        await connection.OpenAsync();
        await using var show = new NpgsqlCommand(command, connection);
        await using var reader = await show.ExecuteReaderAsync();
        Assert.Equal(columns, string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)));
        Assert.True(await reader.ReadAsync());
    }

    [Fact]
    public async Task BackendStats_CountStatementsPerNode()
    {
        var before = await cluster.PoolNodeAsync(0, "SHOW POOL_BACKEND_STATS");
        await Psql.QueryAsync(cluster.Client, "UPDATE pgbench_branches SET bbalance = bbalance WHERE bid = 1");

        var after = await cluster.PoolNodeAsync(0, "SHOW POOL_BACKEND_STATS");
        Assert.Equal(long.Parse(before["update_cnt"]) + 1, long.Parse(after["update_cnt"]));
    }

    [Fact]
    public async Task PreparedStatement_RoutingMovesToPrimaryAfterWrite_IsPreparedThereTransparently()
    {
        await using var connection = new NpgsqlConnection(cluster.Client.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT count(*) FROM pgbench_history WHERE aid = @aid", connection);
        read.Parameters.Add(new NpgsqlParameter<int>("aid", 424242));
        await read.PrepareAsync();
        Assert.Equal(0L, await read.ExecuteScalarAsync());

        await using var transaction = await connection.BeginTransactionAsync();
        read.Transaction = transaction;
        await using (var insert = new NpgsqlCommand("INSERT INTO pgbench_history (tid, bid, aid, delta) VALUES (1, 1, 424242, 1)", connection, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }
        // The prepared read now runs on the primary, which has never seen it prepared.
        Assert.Equal(1L, await read.ExecuteScalarAsync());
        await transaction.RollbackAsync();
        Assert.Equal(0L, await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task DisableLoadBalanceOnWriteAlways_AfterAWrite_ReadsStayOnPrimary()
    {
        await using var router = await StartRouterAsync(new Dictionary<string, string?> { ["DisableLoadBalanceOnWrite"] = "always" });
        var client = router.Endpoint(cluster.Primary.Username, cluster.Primary.Password, cluster.Database);
        await using var connection = new NpgsqlConnection(client.ConnectionString);
        await connection.OpenAsync();
        await using (var write = new NpgsqlCommand("UPDATE pgbench_branches SET bbalance = bbalance WHERE bid = 1", connection))
        {
            await write.ExecuteNonQueryAsync();
        }
        await using var where = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(false, await where.ExecuteScalarAsync());
        }
    }
}
