using System.Collections.Concurrent;

namespace HtapRouter.Router.Routing;

/// <summary>
/// Classes of recently seen query texts. Clients send the same text again and again (prepared statements, pgbench
/// -M extended re-parsing, BEGIN/COMMIT), and a lookup costs about a hundredth of a parse. Bounded in entries and in
/// text length; when full it starts over, which costs one parse per text afterwards and needs no bookkeeping on
/// lookups. Thread-safe.
/// </summary>
internal sealed class ClassificationCache
{
    /// <summary>Texts longer than this are not cached: they are rarely repeated, and parsing dominates them anyway.</summary>
    public const int MaxTextLength = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _byText;
    private readonly int _capacity;
    private readonly Lock _clearing = new();
    private int _count;

    public ClassificationCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _byText = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool TryGet(string sql, out Entry entry) => _entries.TryGetValue(sql, out entry);

    /// <summary>Looks a text up without making a string of it (a <see cref="QueryShape"/> in a rented buffer).</summary>
    public bool TryGet(ReadOnlySpan<char> text, out Entry entry) => _byText.TryGetValue(text, out entry);

    public void Add(string sql, Entry entry)
    {
        if (sql.Length > MaxTextLength)
        {
            return;
        }
        // Replacing a stale entry keeps the count; a new one may fill the cache, which then starts over. Entries
        // added while another thread clears may go uncounted; that overshoots the bound by at most one per thread.
        var added = _entries.TryAdd(sql, entry);
        if (!added)
        {
            _entries[sql] = entry;
        }
        else if (Interlocked.Increment(ref _count) > _capacity)
        {
            lock (_clearing)
            {
                if (Volatile.Read(ref _count) > _capacity)
                {
                    _entries.Clear();
                    Volatile.Write(ref _count, 0);
                }
            }
        }
    }

    /// <summary>
    /// A class and the catalog versions it was decided with; a class that consulted no catalog (transaction
    /// control, DML, errors) stays valid whatever the versions.
    /// </summary>
    internal readonly record struct Entry(QueryClass Class, bool UsedCatalogs, long FunctionsVersion, long RelationsVersion);
}
