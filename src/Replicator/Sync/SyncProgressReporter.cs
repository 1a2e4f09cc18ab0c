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

/// <summary>Logs the initial copy's progress per table and keeps it in <see cref="ReplicationProgress"/> for the node to show.</summary>
internal sealed partial class SyncProgressReporter
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(5);
    private readonly ReplicationProgress _progress;
    private readonly ILogger _logger;
    private DateTime _lastLog;

    public SyncProgressReporter(ReplicationProgress progress, ILogger logger)
    {
        _progress = progress;
        _logger = logger;
    }

    public void TableStarted(ReplicatedTable table, long estimate)
    {
        _lastLog = DateTime.UtcNow;
        LogTableStarted(table.ToString(), estimate);
        _progress.ReportSync(new SyncTableProgress(table.ToString(), 0, estimate, 0, null, false));
    }

    public void TableProgress(ReplicatedTable table, long rows, long estimate, DateTime started)
    {
        var now = DateTime.UtcNow;
        var rate = rows / Math.Max((now - started).TotalSeconds, 0.001);
        TimeSpan? remaining = estimate > rows && rate > 0 ? TimeSpan.FromSeconds((estimate - rows) / rate) : null;
        _progress.ReportSync(new SyncTableProgress(table.ToString(), rows, estimate, rate, remaining, false));
        if (now - _lastLog >= LogEvery)
        {
            _lastLog = now;
            LogTableProgress(table.ToString(), rows, estimate, rate, remaining);
        }
    }

    public void TableDone(ReplicatedTable table, long rows, DateTime started)
    {
        var seconds = Math.Max((DateTime.UtcNow - started).TotalSeconds, 0.001);
        _progress.ReportSync(new SyncTableProgress(table.ToString(), rows, rows, rows / seconds, TimeSpan.Zero, true));
        LogTableDone(table.ToString(), rows, seconds);
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
