using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using DuckDB.NET.Data;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// The table function <c>htap_copy_scan(id)</c> through which DuckDB reads a table's binary COPY streams while it
/// inserts their rows: <c>INSERT INTO t SELECT ... FROM htap_copy_scan(id)</c>. DuckDB runs the scan on as many of
/// its threads as there are streams, each thread decoding a stream of its own straight into the chunk DuckDB hands
/// it (<see cref="ChunkWriter"/>), and each thread's insert compresses and writes its own row groups: decoding and
/// storing both run in parallel, with no copy of the rows in between.
/// </summary>
/// <remarks>
/// The copies running are registered here under an id, which is the function's only argument; the function itself is
/// registered once per DuckDB database, where the node's clients can see it too. The id is random, so that no client
/// can read a copy's rows, and take them from the copy, by guessing it. DuckDB calls the callbacks on its own threads,
/// so they catch everything: an error becomes DuckDB's error for the query, and the copy keeps the first exception to
/// throw in its place.
/// </remarks>
internal static unsafe class CopyScan
{
    public const string FunctionName = "htap_copy_scan";

    private static readonly ConcurrentDictionary<long, CopySource> Running = new();

    /// <summary>Registers the function in <paramref name="duck"/>'s database unless it is there already.</summary>
    public static void EnsureRegistered(DuckDBConnection duck)
    {
        using (var command = duck.CreateCommand())
        {
            command.CommandText = $"SELECT count(*) FROM duckdb_functions() WHERE function_name = '{FunctionName}'";
            if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return;
            }
        }

        DuckDbChunks.EnsureLoaded();
        var function = DuckDbChunks.CreateTableFunction();
        var id = DuckDbChunks.CreateLogicalType(DuckDbChunks.TypeId.BigInt);
        try
        {
            DuckDbChunks.TableFunctionSetName(function, FunctionName);
            DuckDbChunks.TableFunctionAddParameter(function, id);
            DuckDbChunks.TableFunctionSetBind(function, &Bind);
            DuckDbChunks.TableFunctionSetInit(function, &Init);
            DuckDbChunks.TableFunctionSetLocalInit(function, &LocalInit);
            DuckDbChunks.TableFunctionSetFunction(function, &Scan);
            if (DuckDbChunks.RegisterTableFunction(duck.NativeConnection.DangerousGetHandle(), function) != 0)
            {
                throw new InvalidOperationException($"DuckDB did not register the copy's table function {FunctionName}.");
            }
        }
        finally
        {
            DuckDbChunks.DestroyLogicalType(ref id);
            DuckDbChunks.DestroyTableFunction(ref function);
        }
    }

    /// <summary>Makes <paramref name="source"/> readable as <c>htap_copy_scan(id)</c> until the returned registration is disposed.</summary>
    public static Registration Register(CopySource source)
    {
        while (true)
        {
            var id = System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue) * (long)int.MaxValue
                     + System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);
            if (Running.TryAdd(id, source))
            {
                return new Registration(id);
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Bind(IntPtr info)
    {
        try
        {
            var parameter = DuckDbChunks.BindGetParameter(info, 0);
            long id;
            try
            {
                id = DuckDbChunks.GetInt64(parameter);
            }
            finally
            {
                DuckDbChunks.DestroyValue(ref parameter);
            }

            if (!Running.TryGetValue(id, out var source))
            {
                DuckDbChunks.BindSetError(info, $"{FunctionName}: no copy {id} is running.");
                return;
            }

            var layout = source.Layout;
            for (var i = 0; i < layout.Kinds.Length; i++)
            {
                var type = VectorType(layout, i);
                try
                {
                    DuckDbChunks.BindAddResultColumn(info, $"c{i}", type);
                }
                finally
                {
                    DuckDbChunks.DestroyLogicalType(ref type);
                }
            }

            DuckDbChunks.BindSetBindData(info, checked((IntPtr)id), IntPtr.Zero);
        }
        catch (Exception error)
        {
            DuckDbChunks.BindSetError(info, error.Message);
        }
    }

    /// <summary>As many threads as the copy has streams; DuckDB may use fewer, and a thread then reads several in turn.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Init(IntPtr info)
    {
        try
        {
            DuckDbChunks.InitSetMaxThreads(info, (ulong)SourceOf(DuckDbChunks.InitGetBindData(info)).Slices.Count);
        }
        catch (Exception error)
        {
            DuckDbChunks.InitSetError(info, error.Message);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void LocalInit(IntPtr info)
    {
        try
        {
            var state = new ScanThread(SourceOf(DuckDbChunks.InitGetBindData(info)));
            DuckDbChunks.InitSetInitData(info, GCHandle.ToIntPtr(GCHandle.Alloc(state)), &FreeHandle);
        }
        catch (Exception error)
        {
            DuckDbChunks.InitSetError(info, error.Message);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Scan(IntPtr info, IntPtr output)
    {
        ScanThread? thread = null;
        try
        {
            thread = (ScanThread)GCHandle.FromIntPtr(DuckDbChunks.FunctionGetLocalInitData(info)).Target!;
            thread.Fill(output);
        }
        catch (Exception error)
        {
            thread?.Source.Fail(error);
            DuckDbChunks.FunctionSetError(info, error.Message);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FreeHandle(IntPtr handle) => GCHandle.FromIntPtr(handle).Free();

    private static CopySource SourceOf(IntPtr bindData) =>
        Running.TryGetValue((long)bindData, out var source) ? source : throw new InvalidOperationException($"{FunctionName}: the copy is no longer running.");

    /// <summary>The column's vector type: what its decoding writes, with JSON's alias kept so that the insert casts nothing.</summary>
    private static IntPtr VectorType(CopyLayout layout, int column)
    {
        var id = CopyColumns.VectorType(layout.Kinds[column]);
        if (id == DuckDbChunks.TypeId.Decimal)
        {
            return DuckDbChunks.CreateDecimalType((byte)layout.Widths[column], (byte)layout.Scales[column]);
        }

        var type = DuckDbChunks.CreateLogicalType(id);
        if (layout.Json[column])
        {
            DuckDbChunks.LogicalTypeSetAlias(type, "JSON");
        }

        return type;
    }

    /// <summary>A copy's place in the registry; disposing it removes the copy, and the function then refuses its id.</summary>
    public readonly struct Registration(long id) : IDisposable
    {
        /// <summary>The function call that scans the copy.</summary>
        public string Call => $"{FunctionName}({id})";

        public void Dispose() => Running.TryRemove(id, out _);
    }

    /// <summary>One DuckDB thread's scan: its writer, and the stream it is reading.</summary>
    private sealed class ScanThread(CopySource source)
    {
        private readonly ChunkWriter _writer = new(source.Layout);
        private CopySlice? _slice;

        public CopySource Source { get; } = source;

        /// <summary>Fills DuckDB's chunk from this thread's stream, then from the next unclaimed one; an empty chunk ends the scan.</summary>
        public void Fill(IntPtr output)
        {
            Source.ThrowIfFailed();
            _writer.Start(output);
            while (!_writer.Full)
            {
                _slice ??= Source.Claim();
                if (_slice is null)
                {
                    break;
                }

                if (_slice.Fill(_writer))
                {
                    _slice = null;
                }
            }

            _writer.Finish();
            Source.Counted(_writer.Rows);
        }
    }
}

/// <summary>
/// One table's copy while DuckDB scans it: the COPY streams (one per slice), the layout their rows decode into, rows
/// decoded so far, and the first failure (a cancellation among them), which stops every stream.
/// </summary>
internal sealed class CopySource(CopyLayout layout, IReadOnlyList<CopySlice> slices)
{
    private ExceptionDispatchInfo? _failure;
    private int _claimed = -1;
    private long _rows;

    public CopyLayout Layout { get; } = layout;

    public IReadOnlyList<CopySlice> Slices { get; } = slices;

    /// <summary>Rows decoded so far, across streams: the progress figure while the copy runs.</summary>
    public long Rows => Interlocked.Read(ref _rows);

    public void Counted(int rows) => Interlocked.Add(ref _rows, rows);

    /// <summary>The next stream no thread has read yet; null when every one is claimed.</summary>
    public CopySlice? Claim()
    {
        var next = Interlocked.Increment(ref _claimed);
        return next < Slices.Count ? Slices[next] : null;
    }

    /// <summary>Keeps the first failure and cancels every stream, so that the other threads stop too.</summary>
    public void Fail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(error), null) == null)
        {
            foreach (var slice in Slices)
            {
                slice.Cancel();
            }
        }
    }

    /// <summary>Throws the first failure, if there was one.</summary>
    public void ThrowIfFailed() => _failure?.Throw();
}
