using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>
/// Inserted rows not yet written to DuckDB, per table in arrival order. A table's rows are written before
/// any other change to that table (and at the end of the batch), so the table sees its changes in order;
/// rows of different tables may be written in any order, as nothing in DuckDB relates the tables.
/// </summary>
internal sealed class PendingInserts
{
    private readonly Dictionary<string, (ReplicatedTable Table, List<string?[]> Rows)> _byTable = new(StringComparer.Ordinal);

    /// <summary>The tables that have rows waiting, by qualified name (a snapshot: safe to take rows while iterating).</summary>
    public IReadOnlyList<string> Tables => [.. _byTable.Keys];

    public void Add(ReplicatedTable table, string?[] values)
    {
        if (!_byTable.TryGetValue(table.QualifiedName, out var pending))
        {
            _byTable[table.QualifiedName] = pending = (table, []);
        }
        else if (!ReferenceEquals(pending.Table, table))
        {
            throw new InvalidOperationException($"rows of two shapes of {table} are waiting together");
        }

        pending.Rows.Add(values);
    }

    /// <summary>Removes and returns the rows waiting for <paramref name="qualifiedName"/>, with their table's shape.</summary>
    public bool TryTake(string qualifiedName, out ReplicatedTable table, out List<string?[]> rows)
    {
        var found = _byTable.Remove(qualifiedName, out var pending);
        (table, rows) = pending;
        return found;
    }
}
