using DuckDB.NET.Data;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>
/// Applies committed source transactions to DuckDB, many at a time, in commit order and in one DuckDB
/// transaction that also records the applied position: either all of a batch is visible, with its position,
/// or none of it is, and a restart resumes after the last position recorded.
/// </summary>
internal sealed class ChangeApplier
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
        using var transaction = _connection.BeginTransaction();
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case ChangeKind.Relation:
                    if (SchemaApplier.Apply(_connection, change.Table, rowsChanged) is { } action)
                    {
                        SchemaChanges.Add($"{change.Table}: {action}");
                    }

                    break;
                case ChangeKind.Insert:
                    Insert(change.Table, change.NewValues!);
                    break;
                case ChangeKind.Update:
                    Update(change);
                    rowsChanged.Add(change.Table.QualifiedName);
                    break;
                case ChangeKind.Delete:
                    Delete(change.Table, change.KeyValues!);
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

        ReplicationStateStore.Write(_connection, _slot, state);
        transaction.Commit();
    }

    private static DuckDBParameter Parameter(object? value) => new() { Value = value ?? DBNull.Value };

    private void Insert(ReplicatedTable table, string?[] values)
    {
        using var command = _connection.CreateCommand();
        var columns = string.Join(", ", table.Columns.Select(c => ReplicatedTable.Quote(c.Name)));
        var parameters = string.Join(", ", table.Columns.Select((c, i) => c.Type.ParameterExpression($"${i + 1}")));
        command.CommandText = $"INSERT INTO {table.QualifiedName} ({columns}) VALUES ({parameters})";
        for (var i = 0; i < table.Columns.Length; i++)
        {
            command.Parameters.Add(Parameter(ValueConverter.Convert(table.Columns[i].Type, values[i])));
        }

        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Sets the changed columns of the row found by its old key (or, without one sent, by the new row's key:
    /// the key did not change). Unchanged TOASTed columns keep their current value.
    /// </summary>
    private void Update(RowChange change)
    {
        var table = change.Table;
        var values = change.NewValues!;
        using var command = _connection.CreateCommand();
        var assignments = new List<string>();
        for (var i = 0; i < table.Columns.Length; i++)
        {
            if (change.Unchanged is { } unchanged && unchanged[i])
            {
                continue;
            }

            command.Parameters.Add(Parameter(ValueConverter.Convert(table.Columns[i].Type, values[i])));
            assignments.Add($"{ReplicatedTable.Quote(table.Columns[i].Name)} = {table.Columns[i].Type.ParameterExpression($"${command.Parameters.Count}")}");
        }

        var where = KeyPredicate(command, table, change.KeyValues ?? values);
        command.CommandText = $"UPDATE {table.QualifiedName} SET {string.Join(", ", assignments)} WHERE {where}";
        command.ExecuteNonQuery();
    }

    private void Delete(ReplicatedTable table, string?[] keyValues)
    {
        using var command = _connection.CreateCommand();
        var where = KeyPredicate(command, table, keyValues);
        command.CommandText = $"DELETE FROM {table.QualifiedName} WHERE {where}";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Matches the row by its key columns. Under REPLICA IDENTITY FULL every column is the key and duplicate
    /// rows can exist: only one of them is the primary's row, so one rowid is picked.
    /// </summary>
    private static string KeyPredicate(DuckDBCommand command, ReplicatedTable table, string?[] keyValues)
    {
        var terms = new List<string>();
        for (var i = 0; i < table.Columns.Length; i++)
        {
            var column = table.Columns[i];
            if (!(table.IdentityFull || column.IsKey))
            {
                continue;
            }

            command.Parameters.Add(Parameter(ValueConverter.Convert(column.Type, keyValues[i])));
            terms.Add($"{ReplicatedTable.Quote(column.Name)} IS NOT DISTINCT FROM {column.Type.ParameterExpression($"${command.Parameters.Count}")}");
        }

        var match = string.Join(" AND ", terms);
        return table.IdentityFull ? $"rowid = (SELECT rowid FROM {table.QualifiedName} WHERE {match} LIMIT 1)" : match;
    }
}
