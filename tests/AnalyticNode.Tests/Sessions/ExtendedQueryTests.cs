using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.PgWire.Client;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Sessions;

/// <summary>The extended query protocol against a real node: Npgsql, and raw messages through PgWire's client.</summary>
public class ExtendedQueryTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.CreateAsync("""
        create table items (id integer, label varchar, price decimal(10,2));
        insert into items select i, 'item ' || i, i * 1.5 from range(1, 101) t(i);
        """);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Npgsql_ParameterizedQuery_BindsTextAndBinaryParameters()
    {
        await using var connection = await _node.OpenAsync();
        await using var command = new NpgsqlCommand("select id, label, price from items where id between $1 and $2 and label like $3 order by id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = 10 });
        command.Parameters.Add(new NpgsqlParameter { Value = 12 });
        command.Parameters.Add(new NpgsqlParameter { Value = "item 1%" });
        await using var reader = await command.ExecuteReaderAsync();

        var rows = new List<(int, string, decimal)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetDecimal(2)));
        }

        Assert.Equal([(10, "item 10", 15.00m), (11, "item 11", 16.50m), (12, "item 12", 18.00m)], rows);
    }

    [Fact]
    public async Task Npgsql_PreparedStatement_RunsManyTimes()
    {
        await using var connection = await _node.OpenAsync();
        await using var command = new NpgsqlCommand("select label from items where id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 0 });
        await command.PrepareAsync();
        for (var id = 1; id <= 20; id++)
        {
            command.Parameters[0].Value = id;
            Assert.Equal($"item {id}", await command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Npgsql_Write_IsRefusedWith25006()
    {
        await using var connection = await _node.OpenAsync();
        await using var command = new NpgsqlCommand("insert into items values ($1, 'x', 1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = 1000 });
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal("25006", error.SqlState);
    }

    [Fact]
    public async Task Execute_WithRowLimit_SuspendsThenResumes()
    {
        await using var client = await ConnectRawAsync();
        new ParseMessage { Sql = "select id from items order by id" }.Write(client.Transport.Output);
        new BindMessage().Write(client.Transport.Output);
        ExecuteMessage.Write(client.Transport.Output, "", 3);
        ExecuteMessage.Write(client.Transport.Output, "", 2);
        ExecuteMessage.Write(client.Transport.Output, "", 0);
        EmptyMessage.Write(client.Transport.Output, FrontendCode.Sync);
        await client.Transport.FlushAsync();

        var codes = new List<char>();
        var rows = 0;
        string? tag = null;
        while (await client.ReadRequiredAsync() is var message && message.Code != BackendCode.ReadyForQuery)
        {
            codes.Add((char)message.Code);
            if (message.Code == BackendCode.DataRow)
            {
                rows++;
            }
            else if (message.Code == BackendCode.CommandComplete)
            {
                var complete = new CommandCompleteMessage();
                complete.Read(message.Payload);
                tag = complete.Tag;
            }
        }

        Assert.Equal("12DDDsDDs" + new string('D', 95) + "C", string.Concat(codes));
        Assert.Equal(100, rows);
        Assert.Equal("SELECT 95", tag);
    }

    [Fact]
    public async Task Describe_StatementAndPortal_GiveParameterAndRowDescriptions()
    {
        await using var client = await ConnectRawAsync();
        var parse = new ParseMessage { StatementName = "s", Sql = "select id, price from items where id = $1" };
        parse.Write(client.Transport.Output);
        TargetMessage.Write(client.Transport.Output, FrontendCode.Describe, PgTargetKind.Statement, "s");
        var bind = new BindMessage { PortalName = "p", StatementName = "s" };
        bind.Parameters.Add(new PgValue("7"u8.ToArray()));
        bind.ResultFormats.Add(1);
        bind.Write(client.Transport.Output);
        TargetMessage.Write(client.Transport.Output, FrontendCode.Describe, PgTargetKind.Portal, "p");
        EmptyMessage.Write(client.Transport.Output, FrontendCode.Sync);
        await client.Transport.FlushAsync();

        var messages = new BackendMessages();
        var parameterTypes = new List<uint>();
        var descriptions = new List<List<PgFieldDescription>>();
        while (await client.ReadRequiredAsync() is var message && message.Code != BackendCode.ReadyForQuery)
        {
            switch (messages.Read(message))
            {
                case ParameterDescriptionMessage parameters:
                    parameterTypes.AddRange(parameters.TypeOids);
                    break;
                case RowDescriptionMessage rows:
                    descriptions.Add([.. rows.Fields]);
                    break;
                case ErrorResponseMessage error:
                    Assert.Fail(error.Error.ToString());
                    break;
            }
        }

        Assert.Equal([23u], parameterTypes);
        Assert.Equal(2, descriptions.Count);
        Assert.Equal(("id", 23u, (short)0), (descriptions[0][0].Name, descriptions[0][0].TypeOid, descriptions[0][0].Format));
        Assert.Equal(("price", 1700u, (10 << 16 | 2) + 4), (descriptions[0][1].Name, descriptions[0][1].TypeOid, descriptions[0][1].TypeModifier));
        Assert.All(descriptions[1], field => Assert.Equal(1, field.Format));
    }

    [Fact]
    public async Task ErrorInBatch_SkipsToSyncAndTheSessionRecovers()
    {
        await using var client = await ConnectRawAsync();
        new ParseMessage { Sql = "select nope from items" }.Write(client.Transport.Output);
        new BindMessage().Write(client.Transport.Output);
        ExecuteMessage.Write(client.Transport.Output, "", 0);
        EmptyMessage.Write(client.Transport.Output, FrontendCode.Sync);
        new ParseMessage { Sql = "select count(*) from items" }.Write(client.Transport.Output);
        new BindMessage().Write(client.Transport.Output);
        ExecuteMessage.Write(client.Transport.Output, "", 0);
        EmptyMessage.Write(client.Transport.Output, FrontendCode.Sync);
        await client.Transport.FlushAsync();

        var first = await ReadUntilReadyAsync(client);
        var second = await ReadUntilReadyAsync(client);

        Assert.Equal("EZ", first);
        Assert.Equal("12DCZ", second);
    }

    private async Task<PgClientConnection> ConnectRawAsync() =>
        await PgClientConnection.ConnectAsync(new PgClientOptions { Host = "127.0.0.1", Port = _node.Port, User = "postgres" });

    private static async Task<string> ReadUntilReadyAsync(PgClientConnection client)
    {
        var codes = new List<char>();
        PgMessage message;
        do
        {
            message = await client.ReadRequiredAsync();
            codes.Add((char)message.Code);
        }
        while (message.Code != BackendCode.ReadyForQuery);

        return string.Concat(codes);
    }
}
