using HtapRouter.PgWire.Auth;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace HtapRouter.PgWire.Tests.Server;

/// <summary>Real Npgsql, default settings (type loading on), against the PgWire test server relaying to PostgreSQL.</summary>
public class NpgsqlThroughPgWireTests : IClassFixture<PostgresFixture>
{
    private readonly PostgresServer _postgres;

    public NpgsqlThroughPgWireTests(PostgresFixture fixture) => _postgres = fixture.Server;

    private static NpgsqlConnection Connect(PgEndpoint endpoint, Action<NpgsqlConnectionStringBuilder>? configure = null)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = endpoint.Host, Port = endpoint.Port, Username = endpoint.Username, Password = endpoint.Password,
            Database = endpoint.Database, Pooling = false,
        };
        configure?.Invoke(builder);
        return new NpgsqlConnection(builder.ConnectionString);
    }

    [Theory]
    [InlineData(PgAuthMethod.ScramSha256, RelayUsers.ScramUser, RelayUsers.ScramPassword)]
    [InlineData(PgAuthMethod.Md5, RelayUsers.Md5User, RelayUsers.Md5Password)]
    public async Task Npgsql_ParameterizedQuery_ReturnsPostgresValues(PgAuthMethod method, string user, string password)
    {
        await using var relay = RelayUsers.Start(_postgres, method);
        await using var connection = Connect(RelayUsers.Endpoint(relay, user, password, _postgres.AdminDatabase));
        await connection.OpenAsync();

        await using var command = new NpgsqlCommand(
            "select $1::int + 1, $2 || '!', $3::numeric * 2, $4::timestamptz + interval '1 day', $5::bytea, $6::int is null", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = 41, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = "ünïcode", NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = 1.25m, NpgsqlDbType = NpgsqlDbType.Numeric });
        command.Parameters.Add(new NpgsqlParameter { Value = new DateTime(2024, 2, 28, 12, 0, 0, DateTimeKind.Utc), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = new byte[] { 0, 1, 255 }, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(42, reader.GetInt32(0));
        Assert.Equal("ünïcode!", reader.GetString(1));
        Assert.Equal(2.50m, reader.GetDecimal(2));
        Assert.Equal(new DateTime(2024, 2, 29, 12, 0, 0, DateTimeKind.Utc), reader.GetDateTime(3));
        Assert.Equal(new byte[] { 0, 1, 255 }, reader.GetFieldValue<byte[]>(4));
        Assert.True(reader.GetBoolean(5));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Npgsql_RowsAndErrorsAcrossStatements_KeepTheSessionUsable()
    {
        await using var relay = RelayUsers.Start(_postgres, PgAuthMethod.ScramSha256);
        await using var connection = Connect(RelayUsers.Endpoint(relay, RelayUsers.ScramUser, RelayUsers.ScramPassword, _postgres.AdminDatabase));
        await connection.OpenAsync();

        await using (var sum = new NpgsqlCommand("select sum(g)::int8, count(*) from generate_series(1, 10000) g", connection))
        await using (var reader = await sum.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(50_005_000L, reader.GetInt64(0));
        }

        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var bad = new NpgsqlCommand("select * from no_such_table", connection);
            await bad.ExecuteNonQueryAsync();
        });
        Assert.Equal("42P01", error.SqlState);
        Assert.Equal(15, error.Position);

        await using var count = new NpgsqlCommand("select count(*) from generate_series(1, 100000)", connection);
        Assert.Equal(100_000L, await count.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(PgAuthMethod.ScramSha256, RelayUsers.ScramUser)]
    [InlineData(PgAuthMethod.Md5, RelayUsers.Md5User)]
    [InlineData(PgAuthMethod.Md5, "nobody")]
    public async Task Npgsql_WrongPassword_IsRefusedWith28P01(PgAuthMethod method, string user)
    {
        await using var relay = RelayUsers.Start(_postgres, method);
        await using var connection = Connect(RelayUsers.Endpoint(relay, user, "wrong-password", _postgres.AdminDatabase));

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal("28P01", error.SqlState);
        Assert.Equal($"password authentication failed for user \"{user}\"", error.MessageText);
        Assert.Equal(0, relay.Sessions);
    }

    [Fact]
    public async Task Npgsql_SslModeRequire_AuthenticatesOverTls()
    {
        using var certificate = RelayUsers.SelfSignedCertificate();
        await using var relay = RelayUsers.Start(_postgres, PgAuthMethod.ScramSha256, certificate);
        await using var connection = Connect(
            RelayUsers.Endpoint(relay, RelayUsers.ScramUser, RelayUsers.ScramPassword, _postgres.AdminDatabase),
            b => b.SslMode = SslMode.Require);
        await connection.OpenAsync();

        await using var command = new NpgsqlCommand("select 'secure'", connection);
        Assert.Equal("secure", await command.ExecuteScalarAsync());
        Assert.Equal(1, relay.TlsSessions);
    }

    [Fact]
    public async Task Npgsql_Cancel_InterruptsTheRunningQueryWith57014()
    {
        await using var relay = RelayUsers.Start(_postgres, PgAuthMethod.ScramSha256);
        await using var connection = Connect(RelayUsers.Endpoint(relay, RelayUsers.ScramUser, RelayUsers.ScramPassword, _postgres.AdminDatabase));
        await connection.OpenAsync();

        await using var sleep = new NpgsqlCommand("select pg_sleep(60)", connection);
        var running = sleep.ExecuteNonQueryAsync();
        await Task.Delay(500);

        // PostgreSQL drops a cancel that arrives before the query runs; under load it may start late.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!running.IsCompleted && DateTime.UtcNow < deadline)
        {
            sleep.Cancel();
            await Task.WhenAny(running, Task.Delay(200));
        }

        // Npgsql reports a server-side cancellation as OperationCanceledException wrapping the server's error.
        var cancelled = await Assert.ThrowsAsync<OperationCanceledException>(() => running);
        var error = Assert.IsType<PostgresException>(cancelled.InnerException);
        Assert.Equal("57014", error.SqlState);
        await using var after = new NpgsqlCommand("select 1", connection);
        Assert.Equal(1, await after.ExecuteScalarAsync());
    }
}
