using System.Globalization;
using Npgsql;

namespace HtapRouter.TestSupport;

/// <summary>
/// Where and as whom a client connects: a PostgreSQL server, or anything speaking its protocol such as the router.
/// </summary>
public sealed record PgEndpoint(string Host, int Port, string Username, string Password, string Database)
{
    /// <summary>
    /// An Npgsql connection string without pooling: tests stop and restart servers, and pooled idle
    /// connections would then fail on first use and outlive the server they pointed at.
    /// </summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = Username,
        Password = Password,
        Database = Database,
        Pooling = false,
    }.ConnectionString;

    /// <summary>Environment for libpq clients; the password goes here so it never appears on a command line.</summary>
    internal IReadOnlyDictionary<string, string?> ClientEnvironment => new Dictionary<string, string?>
    {
        ["PGPASSWORD"] = Password,
        ["PGCONNECT_TIMEOUT"] = "10",
    };

    /// <summary>libpq arguments naming the server and user; each tool places the database itself.</summary>
    internal IEnumerable<string> ServerArguments =>
        ["-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", Username];

    /// <summary>Omits the password, which would otherwise land in test output.</summary>
    public override string ToString() => $"{Username}@{Host}:{Port}/{Database}";
}
