using System.Diagnostics;
using Npgsql;

namespace HtapRouter.Bench.Stack;

/// <summary>How the harness itself connects with Npgsql: unpooled, so every figure pays for exactly the connections it opens.</summary>
public static class Clients
{
    public static string ConnectionString(string host, int port, string username, string? password, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = username,
            Password = password,
            Database = database,
            Pooling = false,
            Timeout = 30,
            CommandTimeout = 0,
            MaxAutoPrepare = 0,
        }.ConnectionString;

    /// <summary>Returns once a login and <c>SELECT 1</c> succeed; throws with the server's log when it exits or time runs out.</summary>
    public static async Task WaitForLoginAsync(string connectionString, ServiceProcess server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"{server.Name} exited while starting.\n{server.Tail()}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                last = error;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        throw new TimeoutException($"{server.Name} accepted no login within {timeout}: {last?.Message}\n{server.Tail()}");
    }
}
