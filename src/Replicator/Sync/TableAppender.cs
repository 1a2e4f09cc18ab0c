using DuckDB.NET.Data;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// A DuckDB appender on the table a copy fills, on the caller's connection and so in its transaction: the rows
/// become visible only when that transaction commits. Every COPY stream decodes into chunks of its own
/// (<see cref="ChunkWriter"/>) and hands them here, one at a time.
/// </summary>
internal sealed class TableAppender : IDisposable
{
    private readonly Lock _lock = new();
    private readonly IntPtr[] _types;
    private readonly string[] _columns;
    private IntPtr _appender;

    private TableAppender(IntPtr appender, string tableName, string[] columns, CopyKind[] kinds, IntPtr[] types, int[] scales)
    {
        _appender = appender;
        TableName = tableName;
        _columns = columns;
        Kinds = kinds;
        _types = types;
        Scales = scales;
    }

    public string TableName { get; }

    public CopyKind[] Kinds { get; }

    /// <summary>Each DECIMAL column's scale (0 for the others).</summary>
    public int[] Scales { get; }

    /// <summary>
    /// An appender on <paramref name="columns"/> of the table (all of them, in order, when null), whose vectors must
    /// be of the types <paramref name="kinds"/> decode into.
    /// </summary>
    public static TableAppender Open(DuckDBConnection duck, string? catalog, string schema, string table, IReadOnlyList<string> names,
        IReadOnlyList<string>? columns, CopyKind[] kinds)
    {
        DuckDbChunks.EnsureLoaded();
        var connection = duck.NativeConnection.DangerousGetHandle();
        if (DuckDbChunks.AppenderCreate(connection, catalog, schema, table, out var appender) != 0)
        {
            var error = DuckDbChunks.ErrorOf(appender);
            _ = DuckDbChunks.AppenderDestroy(ref appender);
            throw new InvalidOperationException($"DuckDB could not open an appender on {schema}.{table}: {error}");
        }

        var types = new List<IntPtr>();
        try
        {
            foreach (var column in columns ?? [])
            {
                if (DuckDbChunks.AppenderAddColumn(appender, column) != 0)
                {
                    throw new InvalidOperationException($"DuckDB's appender on {schema}.{table} has no column {column}: {DuckDbChunks.ErrorOf(appender)}");
                }
            }

            var count = (int)DuckDbChunks.AppenderColumnCount(appender);
            if (count != kinds.Length)
            {
                throw new InvalidOperationException($"DuckDB's {schema}.{table} has {count} columns to append, the copy {kinds.Length}.");
            }

            var scales = new int[count];
            for (var i = 0; i < count; i++)
            {
                var type = DuckDbChunks.AppenderColumnType(appender, (ulong)i);
                types.Add(type);
                var id = (DuckDbChunks.TypeId)DuckDbChunks.TypeIdOf(type);
                if (id != CopyColumns.VectorType(kinds[i]))
                {
                    throw new InvalidOperationException($"DuckDB's column {names[i]} of {schema}.{table} is {id}, the copy decodes {kinds[i]}.");
                }

                if (id == DuckDbChunks.TypeId.Decimal)
                {
                    var width = DuckDbChunks.DecimalWidth(type);
                    var expected = width switch { <= 4 => CopyKind.Decimal16, <= 9 => CopyKind.Decimal32, <= 18 => CopyKind.Decimal64, _ => CopyKind.Decimal128 };
                    if (expected != kinds[i])
                    {
                        throw new InvalidOperationException($"DuckDB's column {names[i]} of {schema}.{table} is DECIMAL({width}), the copy decodes {kinds[i]}.");
                    }

                    scales[i] = DuckDbChunks.DecimalScale(type);
                }
            }

            return new TableAppender(appender, $"{schema}.{table}", [.. names], kinds, [.. types], scales);
        }
        catch
        {
            foreach (var type in types)
            {
                var handle = type;
                DuckDbChunks.DestroyLogicalType(ref handle);
            }

            _ = DuckDbChunks.AppenderClear(appender);
            _ = DuckDbChunks.AppenderDestroy(ref appender);
            throw;
        }
    }

    public string ColumnName(int column) => _columns[column];

    /// <summary>A new empty chunk of the appender's column types, owned by the caller.</summary>
    public unsafe IntPtr CreateChunk()
    {
        fixed (IntPtr* types = _types)
        {
            return DuckDbChunks.CreateDataChunk(types, (ulong)_types.Length);
        }
    }

    /// <summary>Appends a chunk's rows; DuckDB copies them, so the chunk can be reset at once.</summary>
    public void Append(IntPtr chunk)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_appender == IntPtr.Zero, this);
            if (DuckDbChunks.AppendDataChunk(_appender, chunk) != 0)
            {
                throw Failed("append to");
            }
        }
    }

    /// <summary>Writes what the appender still buffers into the table (in the transaction).</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (DuckDbChunks.AppenderFlush(_appender) != 0)
            {
                throw Failed("finish appending to");
            }
        }
    }

    /// <summary>Ends the appender; rows not flushed yet are dropped, not written.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_appender != IntPtr.Zero)
            {
                _ = DuckDbChunks.AppenderClear(_appender);
                _ = DuckDbChunks.AppenderDestroy(ref _appender);
                _appender = IntPtr.Zero;
            }

            for (var i = 0; i < _types.Length; i++)
            {
                DuckDbChunks.DestroyLogicalType(ref _types[i]);
            }
        }
    }

    private InvalidOperationException Failed(string what) =>
        new($"DuckDB could not {what} {TableName}: {DuckDbChunks.ErrorOf(_appender)}");
}
