using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace HtapRouter.PgQuery.Native;

/// <summary>
/// Runs recursive work (libpg_query's parser, deparser and fingerprinter, and protobuf's reader and writer, which all
/// recurse once per tree level without checking the stack) on a stack big enough for the tree. A stack overflow in
/// native code kills the process, and an expression like <c>1+1+…+1</c> nests one level per two bytes of SQL, so a
/// few kilobytes from one client would otherwise take down every session on a 1.5 MB thread-pool stack.
/// Protobuf's generated reader needs about 3 KB of stack per message level (the <c>Node</c> oneof's merge method has a
/// local for each of its 240 cases), so all but tiny inputs go to a few long-lived workers with large stacks; inputs
/// too deep even for those get a thread of their own.
/// </summary>
internal static class DeepStack
{
    /// <summary>How much stack work may use on the calling thread, which has its own callers' frames on it.</summary>
    private const long InlineBudget = 256 * 1024;

    /// <summary>Stack for the frames around the recursion (marshalling, buffers, the outer calls).</summary>
    private const long BaseBytes = 128 * 1024;

    /// <summary>Each worker's stack: reserved address space, committed only as far as a tree actually reaches.</summary>
    private const int WorkerStackBytes = 64 * 1024 * 1024;

    /// <summary>Stack per message level when parsing: libpg_query's protobuf writer and protobuf's reader (~3 KB measured).</summary>
    public const long ParseBytesPerLevel = 4096;

    /// <summary>Stack per message level when deparsing: protobuf's writer and libpg_query's reader and deparser (~1.5 KB measured).</summary>
    public const long DeparseBytesPerLevel = 4096;

    /// <summary>Stack per message level for libpg_query's normalizer and fingerprinter alone (~250 bytes measured).</summary>
    public const long NativeBytesPerLevel = 1024;

    private static readonly Lazy<BlockingCollection<WorkItem>> Workers = new(StartWorkers);

    /// <summary>
    /// The deepest tree, in messages, that SQL text of this many UTF-8 bytes can produce: the densest nesting is a
    /// left-associative operator chain such as <c>1+1+1</c>, one expression (a Node and the message in it) per two bytes.
    /// </summary>
    public static long MaxDepthOf(int utf8Length) => utf8Length + 16L;

    /// <summary>Runs <paramref name="work"/> on a stack of at least <paramref name="levels"/> × <paramref name="bytesPerLevel"/>.</summary>
    public static T Run<T>(long levels, long bytesPerLevel, Func<T> work)
    {
        var needed = BaseBytes + (levels * bytesPerLevel);
        if (needed <= InlineBudget)
        {
            return work();
        }
        if (needed > int.MaxValue)
        {
            throw new PgSqlSyntaxException("stack depth limit exceeded", PgSqlSyntaxException.StackDepthSqlState, null);
        }

        using var item = new WorkItem<T>(work);
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

    private sealed class WorkItem<T>(Func<T> work) : WorkItem, IDisposable
    {
        private readonly ManualResetEventSlim _done = new();
        private T? _result;
        private ExceptionDispatchInfo? _failure;

        public override void Execute()
        {
            try
            {
                _result = work();
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
