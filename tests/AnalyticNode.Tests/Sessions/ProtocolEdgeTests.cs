using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.PgWire.Client;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Sessions;

/// <summary>
/// Protocol edges a real node must survive: drivers' extra Syncs, Describe without Execute, malformed input
/// that ends only the offending connection, and SQL that PostgreSQL runs but DuckDB cannot.
/// </summary>
public class ProtocolEdgeTests : IAsyncLifetime
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.CreateAsync("""
        create table items (id integer, label varchar);
        insert into items select i, 'item ' || i from range(1, 11) t(i);
        """);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Sync_ExtraAfterBatch_GivesTwoReadyForQueryWithoutError()
    {
        await using var client = await ConnectRawAsync();
        new ParseMessage { Sql = "select count(*) from items" }.Write(client.Transport.Output);
        new BindMessage().Write(client.Transport.Output);
        ExecuteMessage.Write(client.Transport.Output, "", 0);
        EmptyMessage.Write(client.Transport.Output, FrontendCode.Sync);
        EmptyMessage.Write(client.Transport.Output, FrontendCode.Sync);
        await client.Transport.FlushAsync();

        var first = await ReadUntilReadyAsync(client);
        var second = await ReadUntilReadyAsync(client);
        var after = await QueryCodesAsync(client, "select 1");

        Assert.Equal("12DCZ", first);
        Assert.Equal("Z", second);
        Assert.Equal("TDCZ", after);
    }

    [Fact]
    public async Task Describe_StatementWithoutExecute_GivesDescriptionsThenReadyForQuery()
    {
        await using var client = await ConnectRawAsync();
        new ParseMessage { StatementName = "s", Sql = "select id, label from items where id = $1" }.Write(client.Transport.Output);
        TargetMessage.Write(client.Transport.Output, FrontendCode.Describe, PgTargetKind.Statement, "s");
        EmptyMessage.Write(client.Transport.Output, FrontendCode.Sync);
        await client.Transport.FlushAsync();

        var codes = await ReadUntilReadyAsync(client);

        Assert.Equal("1tTZ", codes);
    }

    [Fact]
    public async Task StartupPacket_Oversized_Gets08P01AndCloseWhileOtherSessionsGoOn()
    {
        await using var bystander = await _node.OpenAsync();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", _node.Port);
        var packet = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(packet, 10001); // length, one over PostgreSQL's 10000
        BinaryPrimitives.WriteInt32BigEndian(packet.AsSpan(4), 3 << 16); // protocol 3.0
        await socket.SendAsync(packet);

        var reply = await ReadToEndAsync(socket);
        var error = ParseError(reply);

        Assert.Equal((PgSeverity.Fatal, SqlState.ProtocolViolation), (error.Severity, error.SqlState));
        await using var command = new NpgsqlCommand("select count(*) from items", bystander);
        Assert.Equal(10L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Message_UnknownType_Gets08P01FatalAndCloseWhileOtherSessionsGoOn()
    {
        await using var bystander = await _node.OpenAsync();
        await using var client = await ConnectRawAsync();
        var span = client.Transport.Output.GetSpan(5);
        span[0] = (byte)'!'; // no frontend message has this type
        BinaryPrimitives.WriteInt32BigEndian(span[1..], sizeof(int)); // length of an empty body
        client.Transport.Output.Advance(5);
        await client.Transport.FlushAsync();

        using var timeout = new CancellationTokenSource(ReadTimeout);
        var message = await client.ReadRequiredAsync(timeout.Token);
        var error = new ErrorResponseMessage();
        error.Read(message.Payload);
        var next = await client.Transport.ReadAsync(timeout.Token);

        Assert.Equal((PgSeverity.Fatal, SqlState.ProtocolViolation), (error.Error.Severity, error.Error.SqlState));
        Assert.Null(next);
        await using var command = new NpgsqlCommand("select count(*) from items", bystander);
        Assert.Equal(10L, await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("select * from rows from (generate_series(1, 2), generate_series(1, 3))")]
    [InlineData("select * from items where label similar to 'item#_1' escape '#'")]
    public async Task Query_PostgresSqlDuckDbCannotRun_Gets0A000AndSessionGoesOn(string sql)
    {
        await using var connection = await _node.OpenAsync();
        await using var unsupported = new NpgsqlCommand(sql, connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => unsupported.ExecuteScalarAsync());
        await using var next = new NpgsqlCommand("select count(*) from items", connection);

        Assert.Equal(SqlState.FeatureNotSupported, error.SqlState);
        Assert.Equal(10L, await next.ExecuteScalarAsync());
    }

    private async Task<PgClientConnection> ConnectRawAsync() =>
        await PgClientConnection.ConnectAsync(new PgClientOptions { Host = "127.0.0.1", Port = _node.Port, User = "postgres" });

    private static async Task<string> QueryCodesAsync(PgClientConnection client, string sql)
    {
        new QueryMessage { Sql = sql }.Write(client.Transport.Output);
        await client.Transport.FlushAsync();
        return await ReadUntilReadyAsync(client);
    }

    private static async Task<string> ReadUntilReadyAsync(PgClientConnection client)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var codes = new List<char>();
        PgMessage message;
        do
        {
            message = await client.ReadRequiredAsync(timeout.Token);
            codes.Add((char)message.Code);
        }
        while (message.Code != BackendCode.ReadyForQuery);

        return string.Concat(codes);
    }

    /// <summary>Everything the server sends until it closes the connection; a timeout means it never closed.</summary>
    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var received = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return received.ToArray();
    }

    private static PgError ParseError(byte[] reply)
    {
        Assert.True(reply.Length > 5, $"expected an ErrorResponse, got {reply.Length} bytes");
        Assert.Equal((byte)BackendCode.ErrorResponse, reply[0]);
        var length = BinaryPrimitives.ReadInt32BigEndian(reply.AsSpan(1));
        var message = new ErrorResponseMessage();
        message.Read(new ReadOnlySequence<byte>(reply, 5, length - sizeof(int)));
        return message.Error;
    }
}
