using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using HtapRouter.PgWire.Auth;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Transport;
using HtapRouter.TestSupport.Postgres;
using Npgsql;

namespace HtapRouter.PgWire.Tests.Server;

/// <summary>A client sending garbage gets 08P01 and loses its own connection; every other session goes on.</summary>
public class MalformedClientTests : IClassFixture<PostgresFixture>
{
    private readonly PostgresServer _postgres;

    public MalformedClientTests(PostgresFixture fixture) => _postgres = fixture.Server;

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    public static TheoryData<string, byte[]> BadStartups() => new()
    {
        { "oversized startup packet", Int32(10_001) },
        { "startup length below 8", Int32(4) },
        { "protocol 2.0", [.. Int32(8), .. Int32(2 << 16)] },
    };

    [Theory]
    [MemberData(nameof(BadStartups))]
    public async Task Connect_BadStartupPacket_Gets08P01AndIsClosedWhileOthersGoOn(string name, byte[] bytes)
    {
        await using var relay = RelayUsers.Start(_postgres, PgAuthMethod.Trust);
        await using var healthy = await OpenHealthyAsync(relay);

        var (error, closed) = await SendRawAsync(relay.Port, bytes, afterStartup: false);

        Assert.True(closed, name);
        Assert.Equal(name == "protocol 2.0" ? SqlState.FeatureNotSupported : SqlState.ProtocolViolation, error?.SqlState);
        await AssertHealthyAsync(healthy);
    }

    public static TheoryData<string, byte[]> BadMessages() => new()
    {
        { "unknown message type", [(byte)'!', .. Int32(4)] },
        { "length below 4", [(byte)'Q', .. Int32(3)] },
        { "length above the maximum", [(byte)'Q', .. Int32(64 * 1024 + 1)] },
        { "unterminated query", [(byte)'Q', .. Int32(8), (byte)'s', (byte)'e', (byte)'l', (byte)'e'] },
        { "bind with a count past the end", [(byte)'B', .. Int32(12), 0, 0, 0, 0, 0, 9, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Session_MalformedMessage_Gets08P01AndIsClosedWhileOthersGoOn(string name, byte[] bytes)
    {
        await using var relay = RelayUsers.Start(_postgres, PgAuthMethod.Trust, maxMessageLength: 64 * 1024);
        await using var healthy = await OpenHealthyAsync(relay);

        var (error, closed) = await SendRawAsync(relay.Port, bytes, afterStartup: true);

        Assert.True(closed, name);
        Assert.Equal(SqlState.ProtocolViolation, error?.SqlState);
        Assert.Equal(PgSeverity.Fatal, error?.Severity);
        await AssertHealthyAsync(healthy);
    }

    private async Task<NpgsqlConnection> OpenHealthyAsync(RelayTestServer relay)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = relay.Port, Username = _postgres.Username, Database = _postgres.AdminDatabase,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        await AssertHealthyAsync(connection);
        return connection;
    }

    private static async Task AssertHealthyAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("select 6 * 7", connection);
        Assert.Equal(42, await command.ExecuteScalarAsync());
    }

    /// <summary>Sends <paramref name="bytes"/> raw (after a proper trust startup when asked) and reads what comes back until EOF.</summary>
    private async Task<(PgError? Error, bool Closed)> SendRawAsync(int port, byte[] bytes, bool afterStartup)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        await using var transport = new PgTransport(new NetworkStream(socket, ownsSocket: false), PgMessageSource.Backend);
        if (afterStartup)
        {
            StartupPacket.Startup(new("user", _postgres.Username), new("database", _postgres.AdminDatabase)).Write(transport.Output);
            await transport.FlushAsync();
            while (await transport.ReadAsync() is { Code: not BackendCode.ReadyForQuery })
            {
            }
        }

        transport.Output.Write(bytes);
        await transport.FlushAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        PgError? error = null;
        while (await transport.ReadAsync(timeout.Token) is { } message)
        {
            if (message.Code == BackendCode.ErrorResponse)
            {
                var decoded = new ErrorResponseMessage();
                decoded.Read(message.Payload);
                error = decoded.Error;
            }
        }

        return (error, Closed: true);
    }
}
