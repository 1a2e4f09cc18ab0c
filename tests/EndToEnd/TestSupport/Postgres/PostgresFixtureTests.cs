using System.Globalization;
using HtapRouter.TestSupport.Postgres;
using Npgsql;
using Npgsql.Replication;

namespace HtapRouter.EndToEnd.Tests.TestSupport.Postgres;

public sealed class PostgresFixtureTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private PostgresServer Server => fixture.Server;

    [Fact]
    public async Task Server_Default_HasLogicalWalLevelAndReplicationCapacity()
    {
        Assert.Equal("logical", await Server.ScalarAsync<string>("SHOW wal_level"));
        Assert.True(int.Parse(await Server.ScalarAsync<string>("SHOW max_replication_slots"), CultureInfo.InvariantCulture) >= 32);
        Assert.True(int.Parse(await Server.ScalarAsync<string>("SHOW max_wal_senders"), CultureInfo.InvariantCulture) >= 32);
    }

    [Fact]
    public async Task CreateLogicalSlot_FixtureServer_DecodesChanges()
    {
        var database = await Server.CreateDatabaseAsync();
        await Server.ExecuteAsync("CREATE TABLE items (id int PRIMARY KEY)", database);
        await Server.ExecuteAsync("SELECT pg_create_logical_replication_slot('fixture_slot', 'test_decoding', temporary => false)", database);
        try
        {
            await Server.ExecuteAsync("INSERT INTO items VALUES (7)", database);

            var changes = await ReadChangesAsync(database, "fixture_slot", until: "INSERT");

            Assert.Contains("table public.items: INSERT: id[integer]:7", changes, StringComparison.Ordinal);
        }
        finally
        {
            await Server.ExecuteAsync("SELECT pg_drop_replication_slot('fixture_slot')", database);
        }
    }

    [Fact]
    public async Task OpenConnectionAsync_CorrectPassword_AuthenticatesOverTcpWithScram()
    {
        await using var connection = await Server.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT inet_server_addr() IS NOT NULL, rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid WHERE rolname = current_user",
            connection);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0), "the connection is not over TCP");
        Assert.True(reader.GetBoolean(1), "the password is not stored as a SCRAM verifier");
    }

    [Fact]
    public async Task OpenConnectionAsync_WrongPassword_FailsWith28P01()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(Server.ConnectionString()) { Password = "not-the-password" }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);

        var failure = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.InvalidPassword, failure.SqlState);
    }

    [Fact]
    public async Task LogicalReplicationConnection_Scram_CreatesPgOutputSlot()
    {
        var database = await Server.CreateDatabaseAsync();
        await using var replication = new LogicalReplicationConnection(Server.ConnectionString(database));
        await replication.Open();

        var system = await replication.IdentifySystem();
        var slot = await replication.CreatePgOutputReplicationSlot("fixture_pgoutput", temporarySlot: true);

        Assert.Equal(database, system.DbName);
        Assert.Equal("fixture_pgoutput", slot.Name);
        Assert.NotEqual(0UL, (ulong)slot.ConsistentPoint);
    }

    [Fact]
    public async Task CreateDatabaseAsync_TwoDatabases_AreIsolated()
    {
        var first = await Server.CreateDatabaseAsync();
        var second = await Server.CreateDatabaseAsync();
        await Server.ExecuteAsync("CREATE TABLE only_in_first (id int)", first);

        Assert.NotEqual(first, second);
        Assert.True(await Server.ScalarAsync<bool>("SELECT to_regclass('only_in_first') IS NOT NULL", first));
        Assert.True(await Server.ScalarAsync<bool>("SELECT to_regclass('only_in_first') IS NULL", second));
    }

    [Fact]
    public async Task CreateDatabaseAsync_GivenName_CreatesThatDatabase()
    {
        var name = await Server.CreateDatabaseAsync("Named Database");

        Assert.Equal("Named Database", name);
        Assert.Equal("Named Database", await Server.ScalarAsync<string>("SELECT current_database()", name));
    }

    /// <summary>
    /// Collects decoded changes until one contains <paramref name="until"/>. With synchronous_commit off, decoding
    /// sees a commit only once the WAL writer has flushed it, a fraction of a second later.
    /// </summary>
    private async Task<string> ReadChangesAsync(string database, string slot, string until)
    {
        var changes = string.Empty;
        for (var attempt = 0; attempt < 50 && !changes.Contains(until, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            changes += await Server.ScalarAsync<string>(
                $"SELECT coalesce(string_agg(data, E'\\n'), '') FROM pg_logical_slot_get_changes('{slot}', NULL, NULL)", database);
        }

        return changes;
    }
}
