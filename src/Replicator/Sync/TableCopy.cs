using System.Runtime.ExceptionServices;
using DuckDB.NET.Data;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Schema;
using Npgsql;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// Copies one table from the primary into DuckDB while it arrives: each slice of the table leaves the primary as a
/// binary COPY, which a thread of its own decodes straight into DuckDB data chunks (<see cref="ChunkWriter"/>) and
/// appends to the table (<see cref="TableAppender"/>). The primary sends its values' binary form, which costs it
/// less than printing them, and they reach DuckDB's vectors without being parsed as text or allocated one by one.
/// </summary>
/// <remarks>
/// The appender works in the caller's DuckDB transaction, so the table only becomes visible with the rest of the
/// copy. Columns without an exact binary decoding arrive as text (<see cref="CopyColumns"/>), and the table's
/// rows then pass through a temporary table that DuckDB converts them from. A slice that fails (the primary's error,
/// DuckDB's, cancellation) stops the others; the first error is thrown and the transaction is never committed, so
/// a short read never counts as a finished copy.
/// </remarks>
internal static class TableCopy
{
    private const int BufferSize = 1024 * 1024;
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
        var staging = $"htap_copy_{table.RelationId}";
        if (columns.Staged)
        {
            ReplicationStateStore.Execute(duck, $"CREATE OR REPLACE TEMP TABLE {staging} ({columns.StagingColumns()})");
        }

        var plain = columns.PlainColumns && slices.Count == 1 && await IsPlainTableAsync(sources[0], table.RelationId, cancellationToken);
        var rows = new RowCounter();
        using (var appender = columns.Staged
                   ? TableAppender.Open(duck, "temp", "main", staging, [.. table.Columns.Select(c => c.Name)], null, columns.Kinds)
                   : TableAppender.Open(duck, null, table.DuckSchema, table.Name, [.. table.Columns.Select(c => c.Name)],
                       [.. table.Columns.Select(c => c.Name)], columns.Kinds))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var failure = new FirstFailure();
            var slicesRun = Enumerable.Range(0, slices.Count).Select(i =>
            {
                var copy = plain
                    ? $"COPY {table.PrimaryName} ({string.Join(", ", names)}) TO STDOUT (FORMAT binary)"
                    : $"COPY (SELECT {columns.SelectList()} FROM {table.PrimaryName}{slices.Where(i)}) TO STDOUT (FORMAT binary)";
                return Task.Factory.StartNew(() => CopySlice(sources[i], copy, appender, rows, failure, stop),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }).ToArray();

            var all = Task.WhenAll(slicesRun);
            while (!all.IsCompleted)
            {
                await Task.WhenAny(all, Task.Delay(ProgressEvery, CancellationToken.None));
                reporter.TableProgress(table, rows.Count, estimate, started);
            }

            cancellationToken.ThrowIfCancellationRequested();
            failure.ThrowIfAny();
            await all;
            appender.Finish();
        }

        if (columns.Staged)
        {
            ReplicationStateStore.Execute(duck, columns.StagedInsert(staging));
            ReplicationStateStore.Execute(duck, $"DROP TABLE temp.main.{staging}");
        }

        reporter.TableDone(table, rows.Count, started);
    }

    /// <summary>
    /// One slice, on a thread of its own: the primary's binary COPY read as it comes, decoded into a chunk, each full
    /// chunk appended. Reads are synchronous (a COPY sends each row as a message of its own, and an asynchronous read
    /// per row costs more than the row's decoding); another slice's failure stops this one by cancelling its COPY on
    /// the primary.
    /// </summary>
    private static void CopySlice(NpgsqlConnection source, string copy, TableAppender appender, RowCounter rows, FirstFailure failure,
        CancellationTokenSource stop)
    {
        try
        {
            stop.Token.ThrowIfCancellationRequested();
            using var reader = OpenReader(source);
            using var stream = reader.BeginRawBinaryCopy(copy);
            using var cancel = stop.Token.Register(() => CancelQuietly(stream));
            try
            {
                Load(stream, appender, rows, stop.Token);
            }
            catch (Exception error) when (error is not NpgsqlException)
            {
                // Disposing a COPY that is still sending reads the rest of it; cancelled, it ends at once.
                CancelQuietly(stream);
                throw;
            }
        }
        catch (Exception error)
        {
            failure.Set(error);
            stop.Cancel();
            throw;
        }
    }

    /// <summary>Reads the COPY to its end, decoding into a chunk and appending each full one.</summary>
    private static void Load(NpgsqlRawCopyStream stream, TableAppender appender, RowCounter rows, CancellationToken stop)
    {
        using var writer = new ChunkWriter(appender);
        var buffer = new byte[BufferSize];
        int start = 0, end = 0;
        var header = false;
        var trailer = false;
        while (true)
        {
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = stream.Read(buffer, end, buffer.Length - end);
            stop.ThrowIfCancellationRequested();
            if (read == 0)
            {
                break;
            }

            end += read;
            if (trailer)
            {
                throw new InvalidDataException($"The binary COPY of {appender.TableName} went on after its trailer.");
            }

            if (!header)
            {
                if (!TryHeader(buffer, end, out var length))
                {
                    continue;
                }

                header = true;
                start = length;
            }

            while (!trailer)
            {
                start = writer.Decode(buffer, start, end, out trailer);
                if (writer.Full)
                {
                    var full = writer.Rows;
                    writer.Flush();
                    rows.Add(full);
                    continue;
                }

                break;
            }
        }

        if (!trailer || start != end)
        {
            throw new InvalidDataException($"The binary COPY of {appender.TableName} ended in the middle of a row.");
        }

        var last = writer.Rows;
        writer.Flush();
        rows.Add(last);
    }

    /// <summary>
    /// A connection of the slice's own in <paramref name="source"/>'s snapshot (exported from its transaction), with a
    /// read buffer of a megabyte instead of Npgsql's 8 kB: the COPY arrives as one message per row, and every time the
    /// buffer runs dry .NET completes the socket read through its socket thread, which wakes two threads; a large
    /// buffer takes in all the primary has sent at once, so that happens far less often.
    /// </summary>
    private static NpgsqlConnection OpenReader(NpgsqlConnection source)
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
            using var begin = new NpgsqlCommand(
                $"BEGIN ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT '{snapshot}'; {SnapshotReaders.Settings}", reader);
            begin.ExecuteNonQuery();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The binary COPY's header: signature, flags, extension; its length once all of it is in the buffer.</summary>
    private static bool TryHeader(byte[] buffer, int end, out int length)
    {
        ReadOnlySpan<byte> signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 0x0A, 0xFF, 0x0D, 0x0A, 0x00];
        length = 0;
        if (end < 19)
        {
            return false;
        }

        if (!buffer.AsSpan(0, 11).SequenceEqual(signature))
        {
            throw new InvalidDataException("The primary's binary COPY has no PGCOPY signature.");
        }

        var extension = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(15, 4));
        length = 19 + extension;
        return end >= length;
    }

    private static void CancelQuietly(NpgsqlRawCopyStream stream)
    {
        try
        {
            stream.Cancel();
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // The COPY ended meanwhile; its own read reports how.
        }
    }

    /// <summary>Whether <c>COPY table</c> reads exactly what <c>SELECT * FROM table</c> does: a plain table without inheritance children.</summary>
    private static async Task<bool> IsPlainTableAsync(NpgsqlConnection connection, uint relationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT relkind = 'r' AND NOT relhassubclass FROM pg_class WHERE oid = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relationId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Rows loaded so far, across slices: the progress figure while the copy runs.</summary>
    private sealed class RowCounter
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Add(int rows) => Interlocked.Add(ref _count, rows);
    }

    /// <summary>
    /// The error that ended the copy: the first slice's to fail, before the cancellation it caused in the others.
    /// </summary>
    private sealed class FirstFailure
    {
        private ExceptionDispatchInfo? _first;

        public void Set(Exception error) => Interlocked.CompareExchange(ref _first, ExceptionDispatchInfo.Capture(error), null);

        public void ThrowIfAny() => _first?.Throw();
    }
}
