using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HtapRouter.PgWire.Auth;
using Npgsql;

namespace HtapRouter.PgWire.Tests.Auth;

/// <summary>
/// Npgsql logs in to a loopback listener whose authentication is ours. After AuthenticationOk the listener
/// sends a FATAL error with <see cref="StopCode"/>: Npgsql reporting that code proves it accepted our
/// server-final-message, whose signature it checks before going on.
/// </summary>
public class NpgsqlPeerTests
{
    private const string StopCode = "57P03";

    [Theory]
    [InlineData("pencil", true)]
    [InlineData("pencil2", false)]
    public async Task ScramServerExchange_NpgsqlClient_AuthenticatesOnlyTheRightPassword(string password, bool succeeds)
    {
        ScramVerifier verifier = ScramVerifier.Create("pencil");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Task<bool> server = ServeOneAsync(listener, async conn =>
        {
            var exchange = new ScramServerExchange("alice", verifier, ScramServerExchangeTests.Options());
            await conn.SendAuthenticationAsync(10, "SCRAM-SHA-256\0\0"u8.ToArray());
            byte[] initial = await conn.ReadMessageAsync('p');
            int nameEnd = Array.IndexOf(initial, (byte)0);
            Assert.Equal("SCRAM-SHA-256", Encoding.ASCII.GetString(initial, 0, nameEnd));
            ScramServerResult first = exchange.HandleClientFirst(initial.AsSpan(nameEnd + 1 + sizeof(int)));
            Assert.True(first.IsSuccess, first.ErrorDetail);
            await conn.SendAuthenticationAsync(11, first.Message.ToArray());
            ScramServerResult final = exchange.HandleClientFinal(await conn.ReadMessageAsync('p'));
            if (!final.IsSuccess)
            {
                Assert.Equal(ScramFailure.InvalidPassword, final.Failure);
                await conn.SendErrorAsync(final.SqlState!, final.ErrorMessage!);
                return false;
            }

            await conn.SendAuthenticationAsync(12, final.Message.ToArray());
            return true;
        });

        PostgresException error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(listener, password));

        Assert.Equal(succeeds, await server);
        Assert.Equal(succeeds ? StopCode : "28P01", error.SqlState);
    }

    [Theory]
    [InlineData("pencil", true)]
    [InlineData("pencil2", false)]
    public async Task Md5Password_NpgsqlClient_VerifiesOnlyTheRightPassword(string password, bool succeeds)
    {
        byte[] salt = [0x5A, 0x01, 0xFE, 0x33];
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Task<bool> server = ServeOneAsync(listener, async conn =>
        {
            await conn.SendAuthenticationAsync(5, salt);
            byte[] response = await conn.ReadMessageAsync('p');
            bool ok = Md5Password.Verify(Md5Password.Hash("alice", "pencil"), "alice", salt, response.AsSpan(0, response.Length - 1));
            if (!ok)
            {
                await conn.SendErrorAsync("28P01", "password authentication failed for user \"alice\"");
            }

            return ok;
        });

        PostgresException error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(listener, password));

        Assert.Equal(succeeds, await server);
        Assert.Equal(succeeds ? StopCode : "28P01", error.SqlState);
    }

    private static async Task OpenAsync(TcpListener listener, string password)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)listener.LocalEndpoint).Port,
            Username = "alice",
            Password = password,
            Database = "db",
            SslMode = SslMode.Disable,
            GssEncryptionMode = GssEncryptionMode.Disable, // Prefer would retry a failed login once more without it.
            Pooling = false,
            Timeout = 10,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
    }

    // Accepts one connection, reads its startup packet and hands it to authenticate; on success sends
    // AuthenticationOk and the stop error.
    private static async Task<bool> ServeOneAsync(TcpListener listener, Func<WireConnection, Task<bool>> authenticate)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using Socket socket = await listener.AcceptSocketAsync(timeout.Token);
        await using var conn = new WireConnection(new NetworkStream(socket), timeout.Token);
        Dictionary<string, string> parameters = await conn.ReadStartupAsync();
        Assert.Equal("alice", parameters["user"]);
        if (!await authenticate(conn))
        {
            return false;
        }

        await conn.SendAuthenticationAsync(0, []);
        await conn.SendErrorAsync(StopCode, "test server stops after authentication");
        return true;
    }

    private sealed class WireConnection(NetworkStream stream, CancellationToken cancellation) : IAsyncDisposable
    {
        private const int SslRequestCode = 80877103;
        private const int GssEncRequestCode = 80877104;

        public async Task<Dictionary<string, string>> ReadStartupAsync()
        {
            while (true)
            {
                byte[] body = await ReadBodyAsync();
                int code = BinaryPrimitives.ReadInt32BigEndian(body);
                if (code is SslRequestCode or GssEncRequestCode)
                {
                    await stream.WriteAsync("N"u8.ToArray(), cancellation);
                    continue;
                }

                string[] strings = Encoding.UTF8.GetString(body, sizeof(int), body.Length - sizeof(int)).Split('\0');
                var parameters = new Dictionary<string, string>();
                for (int i = 0; i + 1 < strings.Length && strings[i].Length > 0; i += 2)
                {
                    parameters[strings[i]] = strings[i + 1];
                }

                return parameters;
            }
        }

        public async Task<byte[]> ReadMessageAsync(char expectedType)
        {
            byte[] type = new byte[1];
            await stream.ReadExactlyAsync(type, cancellation);
            Assert.Equal(expectedType, (char)type[0]);
            return await ReadBodyAsync();
        }

        public Task SendAuthenticationAsync(int code, byte[] data)
        {
            byte[] body = new byte[sizeof(int) + data.Length];
            BinaryPrimitives.WriteInt32BigEndian(body, code);
            data.CopyTo(body, sizeof(int));
            return SendAsync('R', body);
        }

        public Task SendErrorAsync(string sqlState, string message)
            => SendAsync('E', Encoding.UTF8.GetBytes($"SFATAL\0VFATAL\0C{sqlState}\0M{message}\0\0"));

        public ValueTask DisposeAsync() => stream.DisposeAsync();

        private async Task SendAsync(char type, byte[] body)
        {
            byte[] message = new byte[1 + sizeof(int) + body.Length];
            message[0] = (byte)type;
            BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), sizeof(int) + body.Length);
            body.CopyTo(message, 1 + sizeof(int));
            await stream.WriteAsync(message, cancellation);
        }

        private async Task<byte[]> ReadBodyAsync()
        {
            byte[] length = new byte[sizeof(int)];
            await stream.ReadExactlyAsync(length, cancellation);
            byte[] body = new byte[BinaryPrimitives.ReadInt32BigEndian(length) - sizeof(int)];
            await stream.ReadExactlyAsync(body, cancellation);
            return body;
        }
    }
}
