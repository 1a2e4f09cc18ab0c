using System.Runtime.InteropServices;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>What the changes held back for one key leave to be done, whatever their number.</summary>
internal enum PendingRowKind : byte
{
    /// <summary>
    /// The first change seen for the key inserted it, so the table did not have the key when the changes began:
    /// the row is only inserted.
    /// </summary>
    Insert,

    /// <summary>
    /// A complete row for a key the table may have: whatever row the key has is deleted and this one inserted. A
    /// delete followed by an insert, and an update that sent every value, both end here.
    /// </summary>
    Replace,

    /// <summary>
    /// An update that left unchanged TOASTed values out: only the sent columns are set, the others keep the
    /// stored row's values, which only DuckDB knows.
    /// </summary>
    Update,

    /// <summary>The key's row is deleted.</summary>
    Delete,
}

/// <summary>The net change for one key: its kind, the row (or only the key, for a delete), and the columns to keep.</summary>
/// <param name="Kind">What is left to do.</param>
/// <param name="Values">The new row; for a delete, an array whose key columns hold the key.</param>
/// <param name="Unchanged">For <see cref="PendingRowKind.Update"/>: the columns that keep their stored value.</param>
internal readonly record struct PendingRow(PendingRowKind Kind, string?[] Values, bool[]? Unchanged = null);

/// <summary>
/// The changes to one table (one shape of it) held back in an apply batch, condensed so that they can be applied
/// set-wise: one DELETE, one UPDATE and one INSERT for the whole table, however many source transactions they came
/// from.
/// </summary>
/// <remarks>
/// <para>
/// A table with a key keeps the last change per key (the key in the replica identity; pgoutput's text forms of the
/// key values, which are equal exactly when the key values are, as the key's unique index compares them). Since a
/// key's row depends only on that key's changes, applying each key's net change in any order leaves the table as
/// applying every change in commit order does.
/// </para>
/// <para>
/// A table without one (REPLICA IDENTITY FULL) can hold identical rows, of which a delete or update removes or
/// changes exactly one; no set operation says "one of these": only its inserts are held back, and every other
/// change first writes them and then applies itself row by row (see <see cref="ChangeApplier"/>).
/// </para>
/// </remarks>
internal sealed class PendingTable
{
    private readonly Dictionary<string?[], PendingRow>? _byKey;
    private readonly List<string?[]>? _inserts;

    public PendingTable(ReplicatedTable table)
    {
        Table = table;
        KeyColumns = table.IdentityFull ? [] : [.. Enumerable.Range(0, table.Columns.Length).Where(i => table.Columns[i].IsKey)];
        if (KeyColumns.Length > 0)
        {
            _byKey = new Dictionary<string?[], PendingRow>(new KeyComparer(KeyColumns));
        }
        else
        {
            _inserts = [];
        }
    }

    /// <summary>The shape the held-back rows have.</summary>
    public ReplicatedTable Table { get; }

    /// <summary>The positions of the key columns; empty for a table without a key.</summary>
    public int[] KeyColumns { get; }

    /// <summary>Changes are condensed per key; otherwise only inserts are held back.</summary>
    public bool IsKeyed => _byKey is not null;

    /// <summary>Whether nothing waits.</summary>
    public bool IsEmpty => (_byKey?.Count ?? _inserts!.Count) == 0;

    /// <summary>The net change of each key (a keyed table only).</summary>
    public Dictionary<string?[], PendingRow>.ValueCollection Rows => _byKey!.Values;

    /// <summary>The rows inserted, in order (a table without a key only).</summary>
    public List<string?[]> Inserts => _inserts!;

    public void Insert(string?[] values)
    {
        if (_byKey is null)
        {
            _inserts!.Add(values);
            return;
        }

        // A key inserted again must have been deleted in between: its stored row, if any, is to go.
        ref var row = ref CollectionsMarshal.GetValueRefOrAddDefault(_byKey, values, out var seen);
        row = new PendingRow(seen ? PendingRowKind.Replace : PendingRowKind.Insert, values);
    }

    /// <summary>Holds back a delete of the row with <paramref name="key"/>'s key columns (a keyed table only).</summary>
    public void Delete(string?[] key)
    {
        ref var row = ref CollectionsMarshal.GetValueRefOrAddDefault(_byKey!, key, out _);
        row = new PendingRow(PendingRowKind.Delete, key);
    }

    /// <summary>
    /// Holds back an update, merged with what its key already has waiting; false, holding back nothing, when it
    /// cannot be held back and is to be applied alone after what waits: any update of a table without a key, and
    /// one that changes the key while leaving unchanged TOASTed values out or leaves a key column out (the values
    /// it keeps are in DuckDB's stored row, under the old key).
    /// </summary>
    public bool TryUpdate(string?[] values, bool[]? unchanged, string?[]? oldKey)
    {
        if (_byKey is null)
        {
            return false;
        }

        if (unchanged is not null)
        {
            foreach (var i in KeyColumns)
            {
                if (unchanged[i])
                {
                    return false;
                }
            }
        }

        if (oldKey is not null && !_byKey.Comparer.Equals(oldKey, values))
        {
            if (unchanged is not null)
            {
                return false;
            }

            // The row moves: its old key is deleted, and the new key gets the whole new row.
            Delete(oldKey);
            ref var moved = ref CollectionsMarshal.GetValueRefOrAddDefault(_byKey, values, out _);
            moved = new PendingRow(PendingRowKind.Replace, values);
            return true;
        }

        ref var row = ref CollectionsMarshal.GetValueRefOrAddDefault(_byKey, values, out var seen);
        if (!seen)
        {
            row = unchanged is null ? new PendingRow(PendingRowKind.Replace, values) : new PendingRow(PendingRowKind.Update, values, unchanged);
        }
        else if (row.Kind == PendingRowKind.Delete)
        {
            // An update of a deleted row finds no row, on the primary as here: the delete stands.
        }
        else if (unchanged is null)
        {
            // Every value was sent: the row is complete. A row not yet in DuckDB stays one to insert only.
            row = row with { Values = values, Unchanged = null, Kind = row.Kind == PendingRowKind.Insert ? PendingRowKind.Insert : PendingRowKind.Replace };
        }
        else
        {
            row = Merge(row, values, unchanged);
        }

        return true;
    }

    public void Clear()
    {
        _byKey?.Clear();
        _inserts?.Clear();
    }

    /// <summary>
    /// An update that left out <paramref name="unchanged"/> columns, over the row <paramref name="previous"/> already
    /// waiting for the key: the columns left out take the waiting row's values where it has them (a new array: the
    /// changes' own arrays are never written to), and stay to be kept from the stored row where it does not.
    /// </summary>
    private static PendingRow Merge(PendingRow previous, string?[] values, bool[] unchanged)
    {
        var merged = (string?[])values.Clone();
        bool[]? stillUnchanged = null;
        for (var i = 0; i < merged.Length; i++)
        {
            if (!unchanged[i])
            {
                continue;
            }

            if (previous.Unchanged is { } keep && keep[i])
            {
                stillUnchanged ??= new bool[merged.Length];
                stillUnchanged[i] = true;
            }
            else
            {
                merged[i] = previous.Values[i];
            }
        }

        var kind = previous.Kind == PendingRowKind.Insert ? PendingRowKind.Insert
            : stillUnchanged is null ? PendingRowKind.Replace
            : PendingRowKind.Update;
        return new PendingRow(kind, merged, stillUnchanged);
    }

    /// <summary>
    /// Compares rows (or key-only arrays) by their key columns alone, so a row is found by its key without
    /// allocating one per change.
    /// </summary>
    private sealed class KeyComparer : IEqualityComparer<string?[]>
    {
        private readonly int[] _columns;

        public KeyComparer(int[] columns) => _columns = columns;

        public bool Equals(string?[]? x, string?[]? y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            if (x is null || y is null)
            {
                return false;
            }

            foreach (var i in _columns)
            {
                if (!string.Equals(x[i], y[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(string?[] row)
        {
            var hash = new HashCode();
            foreach (var i in _columns)
            {
                hash.Add(row[i], StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
