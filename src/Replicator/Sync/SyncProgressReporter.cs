using DuckDB.NET.Data;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Schema;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Replicator.Sync;

/// <summary>One table's initial copy as it goes: rows so far, the primary's estimate, rate and time left.</summary>
/// <param name="Table">schema.table.</param>
/// <param name="RowsCopied">Rows copied so far.</param>
/// <param name="EstimatedRows">pg_class.reltuples when the copy started.</param>
/// <param name="RowsPerSecond">Copy rate so far.</param>
/// <param name="Remaining">Estimated time left; null when unknown.</param>
/// <param name="Done">Loaded into DuckDB (visible once every table is done).</param>
public sealed record SyncTableProgress(string Table, long RowsCopied, long EstimatedRows, double RowsPerSecond, TimeSpan? Remaining, bool Done);

/// <summary>
/// Reports the initial copy's progress per table: in the log, in <see cref="ReplicationProgress"/>, and in
/// htap_meta.sync_progress, written on a connection of its own outside the copy's transaction, so that a
/// client of the node can watch the copy (<c>SELECT * FROM htap_meta.sync_progress</c>) while it runs.
/// </summary>
internal sealed partial class SyncProgressReporter : IDisposable
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);
    private readonly ReplicationProgress _progress;
    private readonly DuckDBConnection _connection;
    private readonly ILogger _logger;
    private DateTime _lastReport;

    public SyncProgressReporter(ReplicationProgress progress, DuckDBConnection connection, ILogger logger)
    {
        _progress = progress;
        _connection = connection;
        _logger = logger;
    }

    public void Dispose() => _connection.Dispose();

    public void TableStarted(ReplicatedTable table, long estimate)
    {
        _lastReport = DateTime.UtcNow;
        LogTableStarted(table.ToString(), estimate);
        Report(new SyncTableProgress(table.ToString(), 0, estimate, 0, null, false));
    }

    public void TableProgress(ReplicatedTable table, long rows, long estimate, DateTime started)
    {
        var now = DateTime.UtcNow;
        var rate = rows / Math.Max((now - started).TotalSeconds, 0.001);
        TimeSpan? remaining = estimate > rows && rate > 0 ? TimeSpan.FromSeconds((estimate - rows) / rate) : null;
        var progress = new SyncTableProgress(table.ToString(), rows, estimate, rate, remaining, false);
        _progress.ReportSync(progress);
        if (now - _lastReport >= ReportEvery)
        {
            _lastReport = now;
            LogTableProgress(table.ToString(), rows, estimate, rate, remaining);
            Report(progress);
        }
    }

    public void TableDone(ReplicatedTable table, long rows, DateTime started)
    {
        var seconds = Math.Max((DateTime.UtcNow - started).TotalSeconds, 0.001);
        Report(new SyncTableProgress(table.ToString(), rows, rows, rows / seconds, TimeSpan.Zero, true));
        LogTableDone(table.ToString(), rows, seconds);
    }

    private void Report(SyncTableProgress progress)
    {
        _progress.ReportSync(progress);
        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            INSERT OR REPLACE INTO {ReplicationStateStore.Schema}.sync_progress VALUES ($1, $2, $3, $4, $5, $6, now())
            """;
        command.Parameters.Add(new DuckDBParameter(progress.Table));
        command.Parameters.Add(new DuckDBParameter(progress.RowsCopied));
        command.Parameters.Add(new DuckDBParameter(progress.EstimatedRows));
        command.Parameters.Add(new DuckDBParameter(progress.RowsPerSecond));
        command.Parameters.Add(new DuckDBParameter { Value = (object?)progress.Remaining?.TotalSeconds ?? DBNull.Value });
        command.Parameters.Add(new DuckDBParameter(progress.Done));
        command.ExecuteNonQuery();
    }

    public void Done(int tables, ulong consistentPoint) => LogSyncDone(tables, ReplicationProgress.FormatLsn(consistentPoint));

    [LoggerMessage(EventId = ReplicatorEventIds.SyncTableStarted, Level = LogLevel.Information, Message = "Initial copy of {Table}: about {Estimate} rows")]
    private partial void LogTableStarted(string table, long estimate);

    [LoggerMessage(EventId = ReplicatorEventIds.SyncTableProgress, Level = LogLevel.Information,
        Message = "Initial copy of {Table}: {Rows} of about {Estimate} rows, {Rate:F0} rows/s, {Remaining} left")]
    private partial void LogTableProgress(string table, long rows, long estimate, double rate, TimeSpan? remaining);

    [LoggerMessage(EventId = ReplicatorEventIds.SyncTableDone, Level = LogLevel.Information, Message = "Initial copy of {Table}: {Rows} rows in {Seconds:F1} s")]
    private partial void LogTableDone(string table, long rows, double seconds);

    [LoggerMessage(EventId = ReplicatorEventIds.SyncDone, Level = LogLevel.Information,
        Message = "Initial copy of {Tables} tables committed; streaming from {Lsn}")]
    private partial void LogSyncDone(int tables, string lsn);
}
