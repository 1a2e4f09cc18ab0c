using DuckDB.NET.Data;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Schema;
using Npgsql;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// Copies one table from the primary into DuckDB while it arrives: each slice of the table leaves the primary as a
/// binary COPY, and one INSERT ... SELECT reads them all through <see cref="CopyScan"/>, whose threads decode the
/// streams straight into DuckDB's chunks while the insert's threads store them. The primary sends its values' binary
/// form, which costs it less than printing them, and they reach DuckDB's vectors without being parsed as text or
/// allocated one by one.
/// </summary>
/// <remarks>
/// The insert runs in the caller's DuckDB transaction, so the table only becomes visible with the rest of the copy.
/// Columns without an exact binary decoding arrive as text (<see cref="CopyColumns"/>) and the insert converts them.
/// A slice that fails (the primary's error, a decoding error, cancellation) stops the others and the insert; the
/// first error is thrown and the transaction is never committed, so a short read never counts as a finished copy.
/// </remarks>
internal static class TableCopy
{
    private const int ReadBufferSize = 1024 * 1024;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Copies <paramref name="table"/> through <paramref name="sources"/>, one slice each, all in the same snapshot.
    /// </summary>
    public static async Task CopyAsync(IReadOnlyList<NpgsqlConnection> sources, DuckDBConnection duck, ReplicatedTable table, TableSlices slices,
        long estimate, SyncProgressReporter reporter, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        reporter.TableStarted(table, estimate);
        var columns = CopyColumns.For(table);
        var names = table.Columns.Select(c => ReplicatedTable.Quote(c.Name)).ToList();

        // DuckDB's own error for a table or column that is not there, before anything is read from the primary.
        ReplicationStateStore.Execute(duck, $"SELECT {string.Join(", ", names)} FROM {table.QualifiedName} LIMIT 0");
        CopyScan.EnsureRegistered(duck);

        var plain = columns.PlainColumns && slices.Count == 1 && await IsPlainTableAsync(sources[0], table.RelationId, cancellationToken);
        var streams = new List<CopySlice>();
        try
        {
            for (var i = 0; i < slices.Count; i++)
            {
                var copy = plain
                    ? $"COPY {table.PrimaryName} ({string.Join(", ", names)}) TO STDOUT (FORMAT binary)"
                    : $"COPY (SELECT {columns.SelectList()} FROM {table.PrimaryName}{slices.Where(i)}) TO STDOUT (FORMAT binary)";
                var exporter = sources[i];
                streams.Add(await Task.Run(() => OpenSlice(exporter, copy, table.QualifiedName), cancellationToken));
            }

            var source = new CopySource(columns.Layout(), streams);
            using var stop = cancellationToken.Register(() => source.Fail(new OperationCanceledException(cancellationToken)));
            using (var registration = CopyScan.Register(source))
            {
                var insert = Task.Factory.StartNew(() => Insert(duck, columns.InsertFrom(registration.Call), source),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                while (!insert.IsCompleted)
                {
                    await Task.WhenAny(insert, Task.Delay(ProgressEvery, CancellationToken.None));
                    reporter.TableProgress(table, source.Rows, estimate, started);
                }

                await insert;
            }

            reporter.TableDone(table, source.Rows, started);
        }
        finally
        {
            foreach (var stream in streams)
            {
                stream.Dispose();
            }
        }
    }

    /// <summary>
    /// The insert, on a thread of its own while DuckDB's threads run the scan; a scan thread's failure is thrown rather
    /// than DuckDB's report of it. Without an order to keep, each of DuckDB's threads inserts into row groups of its own.
    /// </summary>
    private static void Insert(DuckDBConnection duck, string insert, CopySource source)
    {
        // For this connection only. After a failure the aborted transaction refuses the RESET, and the setting stays:
        // it only lets this connection's inserts store their rows in another order than they came.
        ReplicationStateStore.Execute(duck, "SET SESSION preserve_insertion_order = false");
        try
        {
            ReplicationStateStore.Execute(duck, insert);
        }
        catch (DuckDBException)
        {
            source.ThrowIfFailed();
            throw;
        }

        ReplicationStateStore.Execute(duck, "RESET SESSION preserve_insertion_order");
        source.ThrowIfFailed();
        var unread = source.Slices.Count(s => !s.Ended);
        if (unread > 0)
        {
            throw new InvalidOperationException($"The copy of {source.Layout.TableName} ended with {unread} of its COPY streams not read to the end.");
        }
    }

    /// <summary>
    /// The slice's COPY on a connection of its own in <paramref name="source"/>'s snapshot (exported from its
    /// transaction), opened and started with synchronous calls only: its socket then stays a blocking one, which DuckDB's
    /// thread reads directly. An asynchronous call would switch it to non-blocking for good, and every later read
    /// that finds no data would wait for .NET's socket thread to hand the wake-up through a thread-pool thread. The
    /// read buffer is a megabyte instead of Npgsql's 8 kB: the COPY arrives as one message per row, and a large buffer
    /// takes in all the primary has sent at once.
    /// </summary>
    private static CopySlice OpenSlice(NpgsqlConnection source, string copy, string table)
    {
        string snapshot;
        using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", source))
        {
            snapshot = (string)export.ExecuteScalar()!;
        }

        var settings = new NpgsqlConnectionStringBuilder(source.ConnectionString) { ReadBufferSize = ReadBufferSize, Pooling = false };
        var reader = source.CloneWith(settings.ToString());
        try
        {
            reader.Open();
            using (var begin = new NpgsqlCommand(
                       $"BEGIN ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT '{snapshot}'; {SnapshotReaders.Settings}", reader))
            {
                begin.ExecuteNonQuery();
            }

            return new CopySlice(reader, reader.BeginRawBinaryCopy(copy), table);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Whether <c>COPY table</c> reads exactly what <c>SELECT * FROM table</c> does: a plain table without inheritance children.</summary>
    private static async Task<bool> IsPlainTableAsync(NpgsqlConnection connection, uint relationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT relkind = 'r' AND NOT relhassubclass FROM pg_class WHERE oid = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relationId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
