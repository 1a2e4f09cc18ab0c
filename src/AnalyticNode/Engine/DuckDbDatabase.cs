using System.Globalization;
using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Native;
using HtapRouter.PgWire.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HtapRouter.AnalyticNode.Engine;

/// <summary>
/// The DuckDB database of the analytic node, opened once per process; each client session gets its own
/// connection from <see cref="OpenSession"/>. Thread-safe.
/// </summary>
public sealed partial class DuckDbDatabase : IDisposable
{
    private readonly DuckDBDatabase _database;
    private readonly ILogger _logger;

    public DuckDbDatabase(DuckDbOptions options, ILogger<DuckDbDatabase>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        DuckDbNative.EnsureLoaded();
        Options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _database = Open(options);
        LogOpened(options.Path, options.Threads, options.MemoryLimit, options.ReadOnly);
    }

    public DuckDbOptions Options { get; }

    public DuckDbSession OpenSession()
    {
        if (NativeMethods.Startup.DuckDBConnect(_database, out var connection) != DuckDBState.Success)
        {
            connection.Dispose();
            throw new PgErrorException(SqlState.ConnectionFailure, "could not connect to the analytic database");
        }

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

    public void Dispose()
    {
        _database.Dispose();
        LogClosed(Options.Path);
    }

    private static DuckDBDatabase Open(DuckDbOptions options)
    {
        NativeMethods.Configuration.DuckDBCreateConfig(out var config);
        using (config)
        {
            if (options.Threads is { } threads)
            {
                NativeMethods.Configuration.DuckDBSetConfig(config, "threads", threads.ToString(CultureInfo.InvariantCulture));
            }

            if (options.MemoryLimit is { } memoryLimit)
            {
                NativeMethods.Configuration.DuckDBSetConfig(config, "memory_limit", memoryLimit);
            }

            if (options.ReadOnly)
            {
                NativeMethods.Configuration.DuckDBSetConfig(config, "access_mode", "READ_ONLY");
            }

            if (NativeMethods.Startup.DuckDBOpen(options.Path, out var database, config, out var error) != DuckDBState.Success)
            {
                database.Dispose();
                throw new InvalidOperationException($"could not open DuckDB database \"{options.Path}\": {error}");
            }

            return database;
        }
    }

    [LoggerMessage(EventId = NodeEventIds.DatabaseOpened, Level = LogLevel.Information,
        Message = "Opened DuckDB database {Path} (threads {Threads}, memory limit {MemoryLimit}, read-only {ReadOnly})")]
    private partial void LogOpened(string path, int? threads, string? memoryLimit, bool readOnly);

    [LoggerMessage(EventId = NodeEventIds.DatabaseClosed, Level = LogLevel.Information, Message = "Closed DuckDB database {Path}")]
    private partial void LogClosed(string path);
}
