using DuckDB.NET.Data;
using HtapRouter.Replicator.Schema;
using Npgsql;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// Copies one table from the primary into DuckDB while it arrives: each slice of the table leaves the primary as
/// CSV (<c>COPY (SELECT ...) TO STDOUT</c>) and its bytes go, untouched, into a named pipe that one DuckDB
/// <c>INSERT ... SELECT FROM read_csv(...)</c> reads with the columns' conversions. The primary formats, this
/// process forwards and DuckDB parses and stores at the same time, instead of one after the other through a
/// temporary file; no value passes through managed code.
/// </summary>
/// <remarks>
/// The insert runs in the caller's DuckDB transaction, so the table only becomes visible with the rest of the copy.
/// A slice that fails (the primary's error, cancellation) closes its pipe, which ends DuckDB's read; its error is
/// then thrown and the transaction is never committed, so a short read never counts as a finished copy.
/// </remarks>
internal static class TableCopy
{
    private const int ChunkSize = 256 * 1024;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>Copies <paramref name="table"/> through <paramref name="sources"/>, one slice each, all in the same snapshot.</summary>
    public static async Task CopyAsync(IReadOnlyList<NpgsqlConnection> sources, DuckDBConnection duck, ReplicatedTable table, TableSlices slices,
        long estimate, string directory, SyncProgressReporter reporter, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        reporter.TableStarted(table, estimate);
        var pipes = new List<CopyPipe>(slices.Count);
        try
        {
            for (var i = 0; i < slices.Count; i++)
            {
                pipes.Add(CopyPipe.Create(Path.Combine(directory, $"{table.RelationId}-{i}.csv")));
            }

            var lines = new LineCounter();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var load = Task.Run(() => Load(duck, table, pipes), CancellationToken.None);
            var select = string.Join(", ", table.Columns.Select(c => c.Type.SourceExpression(ReplicatedTable.Quote(c.Name))));
            var pumps = pipes.Select((pipe, i) =>
                PumpAsync(sources[i], $"COPY (SELECT {select} FROM {table.PrimaryName}{slices.Where(i)}) TO STDOUT WITH (FORMAT csv)",
                    pipe, lines, stop)).ToArray();

            var all = Task.WhenAll(pumps.Append(load));
            while (!all.IsCompleted)
            {
                await Task.WhenAny(all, Task.Delay(ProgressEvery, CancellationToken.None));
                reporter.TableProgress(table, lines.Count, estimate, started);
                if (load.IsCompleted)
                {
                    // DuckDB stopped reading (an error): writers still waiting on their pipe would wait forever.
                    pipes.ForEach(pipe => pipe.ReleaseWriter());
                }
            }

            var rows = await OutcomeAsync(load, pumps);
            reporter.TableDone(table, rows, started);
        }
        finally
        {
            pipes.ForEach(pipe => pipe.Dispose());
        }
    }

    /// <summary>
    /// The loaded row count, or the error that matters: a slice's own error (the primary's) before the cancellation
    /// it caused in the other slices, and either before DuckDB's, which then only saw a pipe end early; DuckDB's
    /// before the broken pipes it left its writers.
    /// </summary>
    private static async Task<long> OutcomeAsync(Task<long> load, Task[] pumps)
    {
        var sourceError = pumps.Where(p => p.IsFaulted || p.IsCanceled)
            .Select(p => p.Exception?.InnerException ?? new OperationCanceledException())
            .Where(e => e is not IOException)
            .OrderBy(e => e is OperationCanceledException)
            .FirstOrDefault();
        if (sourceError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(sourceError);
        }

        var rows = await load;
        await Task.WhenAll(pumps);
        return rows;
    }

    /// <summary>
    /// One slice: the primary's CSV bytes forwarded as they come into the slice's pipe. The pipe is opened first, so
    /// that whatever happens next, closing it ends DuckDB's read of it.
    /// </summary>
    private static async Task PumpAsync(NpgsqlConnection source, string copy, CopyPipe pipe, LineCounter lines, CancellationTokenSource stop)
    {
        try
        {
            await using var output = await Task.Run(pipe.OpenWriter, CancellationToken.None);
            using var export = await source.BeginTextExportAsync(copy, stop.Token);

            // The reader decodes UTF-8 into chars; its stream carries the same bytes undecoded, which is all DuckDB wants.
            var raw = ((StreamReader)export).BaseStream;
            var buffer = new byte[ChunkSize];
            int read;
            while ((read = await raw.ReadAsync(buffer, stop.Token)) > 0)
            {
                lines.Add(buffer.AsSpan(0, read).Count((byte)'\n'));
                await output.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
            }
        }
        catch (Exception error) when (error is not IOException)
        {
            // The other slices stop too; a broken pipe is DuckDB's failure, which ends the other slices by itself.
            await stop.CancelAsync();
            throw;
        }
    }

    /// <summary>
    /// The insert that reads every slice's pipe; runs on a thread of its own until the last pipe closes. Each pipe
    /// has a read_csv of its own under UNION ALL, which DuckDB runs on its threads side by side; one read_csv over
    /// the list of pipes would size its buffers from max_line_size once per file and run out of memory.
    /// </summary>
    private static long Load(DuckDBConnection duck, ReplicatedTable table, List<CopyPipe> pipes)
    {
        using var command = duck.CreateCommand();
        command.CommandText = InsertSql(table, pipes.Select(pipe => pipe.Path));
        return command.ExecuteNonQuery();
    }

    /// <summary>The insert of the CSV in <paramref name="files"/> into the table.</summary>
    internal static string InsertSql(ReplicatedTable table, IEnumerable<string> files)
    {
        var columns = "{" + string.Join(", ", table.Columns.Select((c, i) => $"'c{i}': '{CsvType(c.Type)}'")) + "}";
        var staged = string.Join(", ", table.Columns.Select((c, i) => CsvType(c.Type) == "VARCHAR" ? c.Type.StagingExpression($"c{i}") : $"c{i}"));
        var names = string.Join(", ", table.Columns.Select(c => ReplicatedTable.Quote(c.Name)));
        var reads = files.Select(file => $"""
            SELECT {staged} FROM read_csv('{file.Replace("'", "''", StringComparison.Ordinal)}', columns = {columns},
                header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '',
                allow_quoted_nulls = false, max_line_size = 1073741824)
            """);
        return $"INSERT INTO {table.QualifiedName} ({names})\n{string.Join("\nUNION ALL\n", reads)}";
    }

    /// <summary>
    /// The type read_csv parses a column as: integers and decimals directly, which skips a string per value and a
    /// cast; PostgreSQL prints them as plain digits with a '.' that the reader parses exactly as CAST does. Every
    /// other type is read as text and goes through its conversion.
    /// </summary>
    private static string CsvType(ColumnType type) =>
        type.Conversion == ValueConversion.Cast && (type.DuckType is "SMALLINT" or "INTEGER" or "BIGINT" || type.DuckType.StartsWith("DECIMAL(", StringComparison.Ordinal))
            ? type.DuckType
            : "VARCHAR";

    /// <summary>Lines forwarded so far, across slices: the progress figure while the copy runs.</summary>
    private sealed class LineCounter
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Add(int lines) => Interlocked.Add(ref _count, lines);
    }
}
