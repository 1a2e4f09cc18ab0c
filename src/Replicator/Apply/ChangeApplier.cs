using DuckDB.NET.Data;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>
/// Applies committed source transactions to DuckDB, many at a time, in commit order and in one DuckDB
/// transaction that also records the applied position: either all of a batch is visible, with its position,
/// or none of it is, and a restart resumes after the last position recorded.
/// </summary>
/// <remarks>
/// Inserts are held back per table and loaded in bulk (see ChangeApplier.Inserts.cs) until that table's next
/// other change, so each table still sees its changes in commit order.
/// </remarks>
internal sealed partial class ChangeApplier
{
    private readonly DuckDBConnection _connection;
    private readonly string _slot;

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

        // Tables whose stored rows this transaction has updated or deleted (see SchemaApplier.Apply).
        var rowsChanged = new HashSet<string>(StringComparer.Ordinal);
        using var statements = new PreparedStatements(_connection);
        var inserts = new PendingInserts();
        using var transaction = _connection.BeginTransaction();
        foreach (var change in changes)
        {
            if (change.Kind != ChangeKind.Insert)
            {
                foreach (var table in change.Truncated ?? [change.Table])
                {
                    FlushInserts(statements, inserts, table.QualifiedName);
                }
            }

            switch (change.Kind)
            {
                case ChangeKind.Relation:
                    statements.Clear();
                    if (SchemaApplier.Apply(_connection, change.Table, rowsChanged) is { } action)
                    {
                        SchemaChanges.Add($"{change.Table}: {action}");
                    }

                    break;
                case ChangeKind.Insert:
                    inserts.Add(change.Table, change.NewValues!);
                    break;
                case ChangeKind.Update:
                    Update(statements, change);
                    rowsChanged.Add(change.Table.QualifiedName);
                    break;
                case ChangeKind.Delete:
                    Delete(statements, change.Table, change.KeyValues!);
                    rowsChanged.Add(change.Table.QualifiedName);
                    break;
                case ChangeKind.Truncate:
                    foreach (var table in change.Truncated!)
                    {
                        ReplicationStateStore.Execute(_connection, $"DELETE FROM {table.QualifiedName}");
                        rowsChanged.Add(table.QualifiedName);
                    }

                    break;
            }
        }

        foreach (var table in inserts.Tables)
        {
            FlushInserts(statements, inserts, table);
        }

        ReplicationStateStore.Write(_connection, _slot, state);
        transaction.Commit();
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
    private static void Update(PreparedStatements statements, RowChange change)
    {
        var table = change.Table;
        var values = change.NewValues!;
        var arguments = new List<object?>();
        var assignments = new List<string>();
        for (var i = 0; i < table.Columns.Length; i++)
        {
            if (change.Unchanged is { } unchanged && unchanged[i])
            {
                continue;
            }

            arguments.Add(ValueConverter.Convert(table.Columns[i].Type, values[i]));
            assignments.Add($"{ReplicatedTable.Quote(table.Columns[i].Name)} = {table.Columns[i].Type.ParameterExpression($"${arguments.Count}")}");
        }

        var where = KeyPredicate(arguments, table, change.KeyValues ?? values);
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
