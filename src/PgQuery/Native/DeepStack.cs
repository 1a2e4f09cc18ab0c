using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace HtapRouter.PgQuery.Native;

/// <summary>
/// Runs recursive work (libpg_query's parser, deparser and fingerprinter, and protobuf's reader and writer, which all
/// recurse once per tree level without checking the stack) on a stack big enough for the tree. A stack overflow in
/// native code kills the process, and an expression like <c>- - … - x</c> nests two levels per two bytes of SQL, so a
/// few kilobytes from one client would otherwise take down every session.
/// Protobuf's generated reader needs about 3 KB of stack per message level (the <c>Node</c> oneof's merge method has a
/// local for each of its 240 cases). Work whose depth bound fits <see cref="InlineBudget"/> (a parse of up to about 100
/// tokens, see <see cref="ParseDepthBound"/>) runs on the calling thread, sparing the ~25 µs a hand-over to another
/// thread costs; deeper work goes to a few long-lived workers with large stacks, and work too deep even for those gets
/// a thread of its own.
/// </summary>
internal static class DeepStack
{
    /// <summary>
    /// How much stack work may use on the calling thread, which has its own callers' frames on it. The runtime gives
    /// the threads it starts at least 1.5 MB (its floor where the C library's default is smaller, as on musl; glibc
    /// gives 8 MB), so a third of that stays with the callers, which here are shallow async continuations. A thread
    /// created with a smaller explicit stack must not call the parser.
    /// </summary>
    private const long InlineBudget = 1024 * 1024;

    /// <summary>
    /// Stack for the frames around the recursion (marshalling, buffers, the outer calls, and the JIT compiling them on
    /// first use): a cold parse of <c>SELECT 1</c> fits in 48 KB.
    /// </summary>
    private const long BaseBytes = 128 * 1024;

    /// <summary>Each worker's stack: reserved address space, committed only as far as a tree actually reaches.</summary>
    private const int WorkerStackBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Stack per message level when parsing: libpg_query's protobuf writer and protobuf's reader (3.1 KB measured on
    /// 2,000- and 4,000-level trees, optimized or not).
    /// </summary>
    public const long ParseBytesPerLevel = 4096;

    /// <summary>Stack per message level when deparsing: protobuf's writer and libpg_query's reader and deparser (~1.5 KB measured).</summary>
    public const long DeparseBytesPerLevel = 4096;

    /// <summary>Stack per message level for libpg_query's normalizer and fingerprinter alone (~250 bytes measured).</summary>
    public const long NativeBytesPerLevel = 1024;

    private static readonly Lazy<BlockingCollection<WorkItem>> Workers = new(StartWorkers);

    /// <summary>
    /// Runs <paramref name="work"/> on a stack of at least <paramref name="levels"/> × <paramref name="bytesPerLevel"/>
    /// plus the frames around it: on the calling thread when that fits <see cref="InlineBudget"/>.
    /// </summary>
    /// <exception cref="PgSqlSyntaxException">54001: no thread can have a stack that big.</exception>
    public static T Run<TState, T>(long levels, long bytesPerLevel, TState state, Func<TState, T> work)
    {
        var needed = BaseBytes + (levels * bytesPerLevel);
        if (needed <= InlineBudget)
        {
            return work(state);
        }
        if (needed > int.MaxValue)
        {
            throw new PgSqlSyntaxException("stack depth limit exceeded", PgSqlSyntaxException.StackDepthSqlState, null);
        }

        using var item = new WorkItem<TState, T>(state, work);
        if (needed <= WorkerStackBytes)
        {
            Workers.Value.Add(item);
        }
        else
        {
            new Thread(item.Execute, (int)needed) { IsBackground = true, Name = "pg_query deep tree" }.Start();
        }
        return item.WaitForResult();
    }

    private static BlockingCollection<WorkItem> StartWorkers()
    {
        var queue = new BlockingCollection<WorkItem>();
        for (var i = 0; i < Math.Clamp(Environment.ProcessorCount, 2, 16); i++)
        {
            new Thread(
                () =>
                {
                    foreach (var item in queue.GetConsumingEnumerable())
                    {
                        item.Execute();
                    }
                },
                WorkerStackBytes)
            {
                IsBackground = true,
                Name = $"pg_query worker {i}",
            }.Start();
        }
        return queue;
    }

    private abstract class WorkItem
    {
        public abstract void Execute();
    }

    private sealed class WorkItem<TState, T>(TState state, Func<TState, T> work) : WorkItem, IDisposable
    {
        private readonly ManualResetEventSlim _done = new();
        private T? _result;
        private ExceptionDispatchInfo? _failure;

        public override void Execute()
        {
            try
            {
                _result = work(state);
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
            _done.Set();
        }

        public T WaitForResult()
        {
            _done.Wait();
            _failure?.Throw();
            return _result!;
        }

        public void Dispose() => _done.Dispose();
    }
}
