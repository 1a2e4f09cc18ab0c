using DuckDB.NET.Data;
using HtapRouter.AnalyticNode.Engine.Native;
using HtapRouter.PgWire.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HtapRouter.AnalyticNode.Engine;

/// <summary>
/// The DuckDB database of the analytic node, opened once per process; each client session gets its own
/// connection from <see cref="OpenSession"/>, and the replicator its own from <see cref="CreateConnection"/>.
/// DuckDB.NET shares one database instance among the connections a process opens to one file, and the root
/// connection held here keeps that instance (and its file lock) alive until the node stops. Thread-safe.
/// </summary>
public sealed partial class DuckDbDatabase : IDisposable
{
    private readonly DuckDBConnection _root;
    private readonly string _connectionString;
    private readonly ILogger _logger;

    public DuckDbDatabase(DuckDbOptions options, ILogger<DuckDbDatabase>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        DuckDbNative.EnsureLoaded();
        Options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _connectionString = ConnectionString(options);
        _root = CreateConnection();
        LogOpened(options.Path, options.Threads, options.MemoryLimit, options.ReadOnly);
    }

    public DuckDbOptions Options { get; }

    public DuckDbSession OpenSession()
    {
        var connection = CreateConnection();
        try
        {
            return new DuckDbSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>An open ADO.NET connection to this database, for the node's own writers (the replicator).</summary>
    public DuckDBConnection CreateConnection()
    {
        var connection = new DuckDBConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw new InvalidOperationException($"could not open DuckDB database \"{Options.Path}\": {e.Message}", e);
        }
    }

    public void Dispose()
    {
        _root.Dispose();
        LogClosed(Options.Path);
    }

    private static string ConnectionString(DuckDbOptions options)
    {
        var builder = new DuckDBConnectionStringBuilder { DataSource = options.Path };
        if (options.Threads is { } threads)
        {
            builder.Threads = threads;
        }

        if (options.MemoryLimit is { } memoryLimit)
        {
            builder.MemoryLimit = memoryLimit;
        }

        if (options.ReadOnly)
        {
            builder.AccessMode = DuckDBAccessMode.ReadOnly;
        }

        return builder.ConnectionString;
    }

    [LoggerMessage(EventId = NodeEventIds.DatabaseOpened, Level = LogLevel.Information,
        Message = "Opened DuckDB database {Path} (threads {Threads}, memory limit {MemoryLimit}, read-only {ReadOnly})")]
    private partial void LogOpened(string path, int? threads, string? memoryLimit, bool readOnly);

    [LoggerMessage(EventId = NodeEventIds.DatabaseClosed, Level = LogLevel.Information, Message = "Closed DuckDB database {Path}")]
    private partial void LogClosed(string path);
}
