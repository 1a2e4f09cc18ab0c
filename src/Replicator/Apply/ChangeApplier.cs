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

    /// <summary>
    /// Where each relation's table is in DuckDB (htap_meta.relations), read at the start of a batch and after each
    /// schema change. A change is written there, not under the name its shape has: a table's changes from before a
    /// rename reach it under its new name, and never the table that took its old name (see SchemaApplier.Apply).
    /// </summary>
    private Dictionary<uint, (string Schema, string Table)> _locations = [];

    /// <summary>Each shape of the batch with the name of its relation's table now; the same instance for the same shape.</summary>
    private readonly Dictionary<ReplicatedTable, ReplicatedTable> _located = new(ReferenceEqualityComparer.Instance);

    public ChangeApplier(DuckDBConnection connection, string slot)
    {
        _connection = connection;
        _slot = slot;
    }

    /// <summary>Schema changes made by the last <see cref="Apply"/>, for the log.</summary>
    public List<string> SchemaChanges { get; } = [];

    /// <summary>Applies <paramref name="changes"/> and records <paramref name="state"/> atomically.</summary>
    /// <exception cref="TableCopyRequiredException">
    /// A schema change cannot be applied exactly: nothing of the batch is applied, the table is marked to be copied
    /// again (see <see cref="ReplicationStateStore.WriteRecopy"/>), and the stream is to start over from the position
    /// applied before the batch.
    /// </exception>
    public void Apply(IReadOnlyList<RowChange> changes, ReplicationState state)
    {
        SchemaChanges.Clear();
        _rowsChanged.Clear();
        _pending.Clear();
        using var statements = new PreparedStatements(_connection);
        using var transaction = _connection.BeginTransaction();
        try
        {
            ApplyChanges(statements, changes);
            ReplicationStateStore.Write(_connection, _slot, state);
            transaction.Commit();
        }
        catch (TableCopyRequiredException e)
        {
            transaction.Rollback();
            ReplicationStateStore.WriteRecopy(_connection, e.Table.RelationId, e.Reason);
            throw;
        }
    }

    private void ApplyChanges(PreparedStatements statements, IReadOnlyList<RowChange> changes)
    {
        ReadLocations();
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case ChangeKind.Relation:
                    FlushTable(statements, change.Table, discard: false);
                    statements.Clear();
                    var copiedAt = ReplicationStateStore.ReadKnownTables(_connection).ByRelation;
                    var commitLsn = change.CommitLsn;
                    if (SchemaApplier.Apply(_connection, change.Table, _rowsChanged,
                            holder => !(copiedAt.TryGetValue(holder, out var at) && commitLsn < at), olderRowsMustBeKnown: true) is { } action)
                    {
                        SchemaChanges.Add($"{change.Table}: {action}");
                    }

                    ReadLocations();

                    break;
                case ChangeKind.Insert:
                    PendingFor(statements, Locate(change.Table)).Insert(change.NewValues!);
                    break;
                case ChangeKind.Update:
                    var updated = PendingFor(statements, Locate(change.Table));
                    if (!updated.TryUpdate(change.NewValues!, change.Unchanged, change.KeyValues))
                    {
                        Flush(statements, updated);
                        Update(statements, updated.Table, change.NewValues!, change.Unchanged, change.KeyValues);
                        _rowsChanged.Add(updated.Table.QualifiedName);
                    }

                    break;
                case ChangeKind.Delete:
                    var deleted = PendingFor(statements, Locate(change.Table));
                    if (deleted.IsKeyed)
                    {
                        deleted.Delete(change.KeyValues!);
                    }
                    else
                    {
                        Flush(statements, deleted);
                        Delete(statements, deleted.Table, change.KeyValues!);
                        _rowsChanged.Add(deleted.Table.QualifiedName);
                    }

                    break;
                case ChangeKind.Truncate:
                    foreach (var table in change.Truncated!.Select(Locate))
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
    }

    private void ReadLocations()
    {
        _locations = ReplicationStateStore.ReadRelations(_connection);
        _located.Clear();
    }

    /// <summary><paramref name="table"/>'s shape under the name its relation's table has in DuckDB now.</summary>
    private ReplicatedTable Locate(ReplicatedTable table)
    {
        if (_located.TryGetValue(table, out var located))
        {
            return located;
        }

        located = table;
        if (_locations.TryGetValue(table.RelationId, out var at) && at != (table.DuckSchema, table.Name))
        {
            located = table with { Schema = at.Schema == "main" ? "public" : at.Schema, Name = at.Table };
        }

        _located[table] = located;
        return located;
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
    /// other relation whose table has its DuckDB name: a table dropped on the primary and created again under its
    /// name is a new relation, whose changes must not overtake the old one's, and a table renamed and another
    /// created under its old name moves the old one's table aside. Changes held back for a relation are so written
    /// to its table before a rename moves it; those that follow arrive in the new shape, under the new name.
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
