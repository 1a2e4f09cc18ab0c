using DuckDB.NET.Data;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>
/// Applies committed source transactions to DuckDB, many at a time, in commit order and in one DuckDB
/// transaction that also records the applied position: either all of a batch is visible, with its position,
/// or none of it is, and a restart resumes after the last position recorded.
/// </summary>
/// <remarks>
/// <para>
/// Within a batch, row changes are held back per table and condensed to the last change per key (see
/// <see cref="PendingTable"/>), then applied set-wise (see ChangeApplier.SetWise.cs): one DELETE of the keys whose
/// rows go or are replaced, one UPDATE of the rows that keep unchanged TOASTed values, one INSERT of the new rows.
/// A row-by-row statement costs about a millisecond in DuckDB; a set operation costs little more for thousands.
/// </para>
/// <para>
/// A table's held-back changes are written before anything that depends on the rows as they are: a schema change
/// of the table (its rows are written in the shape they arrived in), a change that cannot be condensed (applied on
/// its own after them), and the end of the batch. A truncate drops them instead, as it removes what they would
/// leave. Tables are tracked by relation and by DuckDB name, so that neither a table's rename nor a dropped table
/// recreated under its name lets rows of one shape wait across a change to another.
/// </para>
/// </remarks>
internal sealed partial class ChangeApplier
{
    private readonly DuckDBConnection _connection;
    private readonly string _slot;

    /// <summary>The tables with changes held back in the current batch, by relation id.</summary>
    private readonly Dictionary<uint, PendingTable> _pending = [];

    /// <summary>Tables whose stored rows the current DuckDB transaction has updated or deleted (see SchemaApplier.Apply).</summary>
    private readonly HashSet<string> _rowsChanged = new(StringComparer.Ordinal);

    public ChangeApplier(DuckDBConnection connection, string slot)
    {
        _connection = connection;
        _slot = slot;
    }

    /// <summary>Schema changes made by the last <see cref="Apply"/>, for the log.</summary>
    public List<string> SchemaChanges { get; } = [];

    /// <summary>Applies <paramref name="changes"/> and records <paramref name="state"/> atomically.</summary>
    public void Apply(IReadOnlyList<RowChange> changes, ReplicationState state)
    {
        SchemaChanges.Clear();
        _rowsChanged.Clear();
        _pending.Clear();
        using var statements = new PreparedStatements(_connection);
        using var transaction = _connection.BeginTransaction();
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case ChangeKind.Relation:
                    FlushTable(statements, change.Table, discard: false);
                    statements.Clear();
                    if (SchemaApplier.Apply(_connection, change.Table, _rowsChanged) is { } action)
                    {
                        SchemaChanges.Add($"{change.Table}: {action}");
                    }

                    break;
                case ChangeKind.Insert:
                    PendingFor(statements, change.Table).Insert(change.NewValues!);
                    break;
                case ChangeKind.Update:
                    var updated = PendingFor(statements, change.Table);
                    if (!updated.TryUpdate(change.NewValues!, change.Unchanged, change.KeyValues))
                    {
                        Flush(statements, updated);
                        Update(statements, change.Table, change.NewValues!, change.Unchanged, change.KeyValues);
                        _rowsChanged.Add(change.Table.QualifiedName);
                    }

                    break;
                case ChangeKind.Delete:
                    var deleted = PendingFor(statements, change.Table);
                    if (deleted.IsKeyed)
                    {
                        deleted.Delete(change.KeyValues!);
                    }
                    else
                    {
                        Flush(statements, deleted);
                        Delete(statements, change.Table, change.KeyValues!);
                        _rowsChanged.Add(change.Table.QualifiedName);
                    }

                    break;
                case ChangeKind.Truncate:
                    foreach (var table in change.Truncated!)
                    {
                        FlushTable(statements, table, discard: true);
                        ReplicationStateStore.Execute(_connection, $"DELETE FROM {table.QualifiedName}");
                        _rowsChanged.Add(table.QualifiedName);
                    }

                    break;
            }
        }

        foreach (var pending in _pending.Values)
        {
            Flush(statements, pending);
        }

        _pending.Clear();
        ReplicationStateStore.Write(_connection, _slot, state);
        transaction.Commit();
    }

    /// <summary>
    /// The held-back changes of <paramref name="table"/>'s relation. Those of an older shape are written first:
    /// a change arrives in a new shape after the Relation message that announced it, which normally writes them
    /// (see <see cref="FlushTable"/>), but nothing is lost if that message was dropped with a rolled-back
    /// subtransaction.
    /// </summary>
    private PendingTable PendingFor(PreparedStatements statements, ReplicatedTable table)
    {
        if (_pending.TryGetValue(table.RelationId, out var pending))
        {
            if (ReferenceEquals(pending.Table, table))
            {
                return pending;
            }

            Flush(statements, pending);
        }

        return _pending[table.RelationId] = new PendingTable(table);
    }

    /// <summary>
    /// Writes (or, for a truncate, drops) the held-back changes of <paramref name="table"/>'s relation, and of any
    /// other relation with its DuckDB name: a table dropped on the primary and created again under its name is a
    /// new relation, whose changes must not overtake the old one's.
    /// </summary>
    private void FlushTable(PreparedStatements statements, ReplicatedTable table, bool discard)
    {
        foreach (var pending in _pending.Values)
        {
            if (pending.Table.RelationId == table.RelationId || pending.Table.QualifiedName == table.QualifiedName)
            {
                if (discard)
                {
                    pending.Clear();
                }
                else
                {
                    Flush(statements, pending);
                }
            }
        }
    }

    private static void Insert(PreparedStatements statements, ReplicatedTable table, string?[] values)
    {
        var columns = string.Join(", ", table.Columns.Select(c => ReplicatedTable.Quote(c.Name)));
        var parameters = string.Join(", ", table.Columns.Select((c, i) => c.Type.ParameterExpression($"${i + 1}")));
        var arguments = new object?[table.Columns.Length];
        for (var i = 0; i < table.Columns.Length; i++)
        {
            arguments[i] = ValueConverter.Convert(table.Columns[i].Type, values[i]);
        }

        statements.Execute($"INSERT INTO {table.QualifiedName} ({columns}) VALUES ({parameters})", arguments);
    }

    /// <summary>
    /// Sets the changed columns of the row found by its old key (or, without one sent, by the new row's key:
    /// the key did not change). Unchanged TOASTed columns keep their current value.
    /// </summary>
    private static void Update(PreparedStatements statements, ReplicatedTable table, string?[] values, bool[]? unchanged, string?[]? oldKey)
    {
        var arguments = new List<object?>();
        var assignments = new List<string>();
        for (var i = 0; i < table.Columns.Length; i++)
        {
            if (unchanged is not null && unchanged[i])
            {
                continue;
            }

            arguments.Add(ValueConverter.Convert(table.Columns[i].Type, values[i]));
            assignments.Add($"{ReplicatedTable.Quote(table.Columns[i].Name)} = {table.Columns[i].Type.ParameterExpression($"${arguments.Count}")}");
        }

        var where = KeyPredicate(arguments, table, oldKey ?? values);
        statements.Execute($"UPDATE {table.QualifiedName} SET {string.Join(", ", assignments)} WHERE {where}", arguments);
    }

    private static void Delete(PreparedStatements statements, ReplicatedTable table, string?[] keyValues)
    {
        var arguments = new List<object?>();
        var where = KeyPredicate(arguments, table, keyValues);
        statements.Execute($"DELETE FROM {table.QualifiedName} WHERE {where}", arguments);
    }

    /// <summary>
    /// Matches the row by its key columns, adding their values to <paramref name="arguments"/>. Under REPLICA
    /// IDENTITY FULL every column is the key and duplicate rows can exist: only one of them is the primary's
    /// row, so one rowid is picked.
    /// </summary>
    private static string KeyPredicate(List<object?> arguments, ReplicatedTable table, string?[] keyValues)
    {
        var terms = new List<string>();
        for (var i = 0; i < table.Columns.Length; i++)
        {
            var column = table.Columns[i];
            if (!(table.IdentityFull || column.IsKey))
            {
                continue;
            }

            arguments.Add(ValueConverter.Convert(column.Type, keyValues[i]));
            terms.Add($"{ReplicatedTable.Quote(column.Name)} IS NOT DISTINCT FROM {column.Type.ParameterExpression($"${arguments.Count}")}");
        }

        var match = string.Join(" AND ", terms);
        return table.IdentityFull ? $"rowid = (SELECT rowid FROM {table.QualifiedName} WHERE {match} LIMIT 1)" : match;
    }
}
