using System.Globalization;
using System.Text;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>How a table's held-back changes are written: set-wise through a staging table, or, when few, row by row.</summary>
internal sealed partial class ChangeApplier
{
    /// <summary>
    /// Fewer rows than this go in one by one: staging has a fixed cost (a temporary table, an appender, an INSERT ...
    /// SELECT), about that of three prepared inserts.
    /// </summary>
    private const int SetWiseInsertThreshold = 4;

    /// <summary>
    /// Fewer keys than this are deleted or updated one by one. A row-by-row DELETE or UPDATE scans the table for its
    /// row, and so does a set-wise one for all of its keys: from two keys on, staging costs less, and on a large
    /// table far less (seven row-by-row deletes from a million-row table took 60 ms, one set-wise delete 8 ms).
    /// </summary>
    private const int SetWiseChangeThreshold = 2;

    private const string StagingTable = "htap_apply_staging";

    /// <summary>The staging table's name in statements: temporary, so it never reaches the file.</summary>
    private const string Staging = $"temp.main.{StagingTable}";

    /// <summary>Aliases in set-wise statements, which keep a table's own column names from meeting the staging table's c0, c1...</summary>
    private const string TargetAlias = "htap_target";
    private const string StagedAlias = "htap_staged";

    // Reused by every flush of a batch: each flush sorts a table's net changes into these by what they need.
    private readonly List<string?[]> _deletes = [];
    private readonly List<PendingRow> _updates = [];
    private readonly List<string?[]> _inserts = [];

    /// <summary>
    /// Writes <paramref name="pending"/>'s held-back changes and forgets them: first the keys whose rows go or are
    /// replaced are deleted, then the rows that keep unchanged TOASTed values are updated, then the new rows are
    /// inserted. Each key has one net change, so the order between keys does not matter.
    /// </summary>
    private void Flush(PreparedStatements statements, PendingTable pending)
    {
        if (pending.IsEmpty)
        {
            return;
        }

        var table = pending.Table;
        if (!pending.IsKeyed)
        {
            InsertRows(statements, table, pending.Inserts);
            pending.Clear();
            return;
        }

        _deletes.Clear();
        _updates.Clear();
        _inserts.Clear();
        foreach (var row in pending.Rows)
        {
            switch (row.Kind)
            {
                case PendingRowKind.Insert:
                    _inserts.Add(row.Values);
                    break;
                case PendingRowKind.Replace:
                    _deletes.Add(row.Values);
                    _inserts.Add(row.Values);
                    break;
                case PendingRowKind.Update:
                    _updates.Add(row);
                    break;
                case PendingRowKind.Delete:
                    _deletes.Add(row.Values);
                    break;
            }
        }

        pending.Clear();
        if (_deletes.Count > 0 || _updates.Count > 0)
        {
            _rowsChanged.Add(table.QualifiedName);
        }

        DeleteKeys(statements, pending, _deletes);
        UpdateRows(statements, pending, _updates);
        InsertRows(statements, table, _inserts);
    }

    /// <summary>
    /// Writes <paramref name="rows"/>: few one by one, many through DuckDB's appender into a temporary staging table
    /// of their converted text (or bytes), from which one INSERT ... SELECT casts them to the columns' types exactly
    /// as a single row's parameters are cast.
    /// </summary>
    private void InsertRows(PreparedStatements statements, ReplicatedTable table, List<string?[]> rows)
    {
        if (rows.Count < SetWiseInsertThreshold)
        {
            foreach (var values in rows)
            {
                Insert(statements, table, values);
            }

            return;
        }

        var all = Enumerable.Range(0, table.Columns.Length).ToArray();
        Stage(table, all, rows, keep: null, keepColumns: []);
        var columns = string.Join(", ", table.Columns.Select(c => ReplicatedTable.Quote(c.Name)));
        var cast = string.Join(", ", all.Select(i => table.Columns[i].Type.ParameterExpression($"c{i}")));
        ReplicationStateStore.Execute(_connection, $"""
            INSERT INTO {table.QualifiedName} ({columns}) SELECT {cast} FROM {Staging};
            DROP TABLE {Staging}
            """);
    }

    /// <summary>Deletes the rows of <paramref name="keys"/> (distinct keys): few one by one, many in one DELETE ... USING.</summary>
    private void DeleteKeys(PreparedStatements statements, PendingTable pending, List<string?[]> keys)
    {
        var table = pending.Table;
        if (keys.Count < SetWiseChangeThreshold)
        {
            foreach (var key in keys)
            {
                Delete(statements, table, key);
            }

            return;
        }

        Stage(table, pending.KeyColumns, keys, keep: null, keepColumns: []);
        ReplicationStateStore.Execute(_connection, $"""
            DELETE FROM {table.QualifiedName} AS {TargetAlias} USING {Staging} AS {StagedAlias} WHERE {KeyJoin(table, pending.KeyColumns)};
            DROP TABLE {Staging}
            """);
    }

    /// <summary>
    /// Sets the sent columns of <paramref name="rows"/> (distinct keys, each keeping some unchanged TOASTed values):
    /// few one by one, many in one UPDATE ... FROM, where a column some row keeps reads CASE WHEN kept THEN the stored
    /// value ELSE the sent one.
    /// </summary>
    private void UpdateRows(PreparedStatements statements, PendingTable pending, List<PendingRow> rows)
    {
        var table = pending.Table;
        if (rows.Count < SetWiseChangeThreshold)
        {
            foreach (var row in rows)
            {
                Update(statements, table, row.Values, row.Unchanged, oldKey: null);
            }

            return;
        }

        // Columns some row keeps get a flag column k{i}; the key columns are never among them, nor set.
        var kept = new bool[table.Columns.Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < kept.Length; i++)
            {
                kept[i] |= row.Unchanged![i];
            }
        }

        var keepColumns = Enumerable.Range(0, kept.Length).Where(i => kept[i]).ToArray();
        var setColumns = Enumerable.Range(0, kept.Length).Where(i => !table.Columns[i].IsKey).ToArray();
        var values = new List<string?[]>(rows.Count);
        var keep = new List<bool[]>(rows.Count);
        foreach (var row in rows)
        {
            values.Add(row.Values);
            keep.Add(row.Unchanged!);
        }

        Stage(table, Enumerable.Range(0, table.Columns.Length).ToArray(), values, keep, keepColumns);
        var assignments = new StringBuilder();
        foreach (var i in setColumns)
        {
            var name = ReplicatedTable.Quote(table.Columns[i].Name);
            var sent = table.Columns[i].Type.ParameterExpression($"{StagedAlias}.c{i}");
            assignments.Append(assignments.Length == 0 ? "" : ", ").Append(kept[i]
                ? $"{name} = CASE WHEN {StagedAlias}.k{i} THEN {TargetAlias}.{name} ELSE {sent} END"
                : $"{name} = {sent}");
        }

        if (assignments.Length == 0)
        {
            ReplicationStateStore.Execute(_connection, $"DROP TABLE {Staging}");
            return;
        }

        ReplicationStateStore.Execute(_connection, $"""
            UPDATE {table.QualifiedName} AS {TargetAlias} SET {assignments} FROM {Staging} AS {StagedAlias} WHERE {KeyJoin(table, pending.KeyColumns)};
            DROP TABLE {Staging}
            """);
    }

    /// <summary>
    /// The join of the table's rows with staged keys. Key values are never null (a primary key's, or a replica
    /// identity index's, which PostgreSQL requires to be NOT NULL), so = is exact and lets DuckDB hash-join.
    /// </summary>
    private static string KeyJoin(ReplicatedTable table, int[] keyColumns) => string.Join(" AND ", keyColumns.Select(i =>
        $"{TargetAlias}.{ReplicatedTable.Quote(table.Columns[i].Name)} = {table.Columns[i].Type.ParameterExpression($"{StagedAlias}.c{i}")}"));

    /// <summary>
    /// Loads <paramref name="columns"/> of <paramref name="rows"/> into a new temporary table c0, c1... (named by
    /// column position) through DuckDB's appender, and with <paramref name="keep"/>, a BOOLEAN k{i} per column of
    /// <paramref name="keepColumns"/>. Integer columns are staged as their own type, parsed here (pgoutput's text
    /// of an integer is plain digits); every other column as its converted text (bytes for bytea), which the
    /// statement reading the staging table casts as a single row's parameter is cast.
    /// </summary>
    private void Stage(ReplicatedTable table, int[] columns, List<string?[]> rows, List<bool[]>? keep, int[] keepColumns)
    {
        var kinds = columns.Select(i => StagedType(table.Columns[i].Type)).ToArray();
        var definitions = string.Join(", ", columns.Select((i, c) => $"c{i} {kinds[c]}").Concat(keepColumns.Select(i => $"k{i} BOOLEAN")));
        ReplicationStateStore.Execute(_connection, $"CREATE OR REPLACE TEMP TABLE {StagingTable} ({definitions})");
        using var appender = _connection.CreateAppender("temp", "main", StagingTable);
        for (var r = 0; r < rows.Count; r++)
        {
            var values = rows[r];
            var row = appender.CreateRow();
            for (var c = 0; c < columns.Length; c++)
            {
                var text = values[columns[c]];
                _ = text is null ? row.AppendNullValue() : kinds[c] switch
                {
                    "BIGINT" => row.AppendValue(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                    "INTEGER" => row.AppendValue(int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                    "SMALLINT" => row.AppendValue(short.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                    _ => ValueConverter.Convert(table.Columns[columns[c]].Type, text) switch
                    {
                        byte[] bytes => row.AppendValue(bytes),
                        var converted => row.AppendValue((string)converted!),
                    },
                };
            }

            foreach (var i in keepColumns)
            {
                row.AppendValue(keep![r][i]);
            }

            row.EndRow();
        }
    }

    /// <summary>The staging column's type for a column of <paramref name="type"/> (see <see cref="Stage"/>).</summary>
    private static string StagedType(ColumnType type) => type switch
    {
        { Conversion: ValueConversion.Cast, DuckType: "BIGINT" or "INTEGER" or "SMALLINT" } => type.DuckType,
        { Conversion: ValueConversion.Bytea } => "BLOB",
        _ => "VARCHAR",
    };
}
