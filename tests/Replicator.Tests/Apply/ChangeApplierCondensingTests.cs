using System.Globalization;
using DuckDB.NET.Data;
using HtapRouter.PgWire.Types;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Tests.Apply;

/// <summary>
/// <see cref="ChangeApplier"/> on a real DuckDB file, with changes to the same keys folded into one batch: the
/// condensed, set-wise apply must leave every table as applying each change in order would. Each case runs with
/// one row (applied row by row), three (inserted row by row, deleted and updated through staging tables) and many
/// (all through staging tables).
/// </summary>
public sealed class ChangeApplierCondensingTests : IDisposable
{
    private static readonly ReplicatedTable Items = new(1, "public", "items",
    [
        new ReplicatedColumn("id", PgTypeOid.Int4, -1, IsKey: true, new ColumnType("INTEGER"), NotNull: true),
        new ReplicatedColumn("note", PgTypeOid.Text, -1, IsKey: false, new ColumnType("VARCHAR")),
        new ReplicatedColumn("big", PgTypeOid.Text, -1, IsKey: false, new ColumnType("VARCHAR")),
        new ReplicatedColumn("amount", PgTypeOid.Numeric, -1, IsKey: false, new ColumnType("DECIMAL(12,2)")),
    ], IdentityFull: false);

    private static readonly ReplicatedTable Others = new(2, "public", "others",
    [
        new ReplicatedColumn("code", PgTypeOid.Text, -1, IsKey: true, new ColumnType("VARCHAR"), NotNull: true),
        new ReplicatedColumn("part", PgTypeOid.Int4, -1, IsKey: true, new ColumnType("INTEGER"), NotNull: true),
        new ReplicatedColumn("c0", PgTypeOid.Text, -1, IsKey: false, new ColumnType("VARCHAR")),
    ], IdentityFull: false);

    private static readonly ReplicatedTable Full = new(3, "public", "full_rows",
    [
        new ReplicatedColumn("a", PgTypeOid.Int4, -1, IsKey: true, new ColumnType("INTEGER")),
        new ReplicatedColumn("b", PgTypeOid.Text, -1, IsKey: true, new ColumnType("VARCHAR")),
    ], IdentityFull: true);

    private static readonly bool[] BigUnchanged = [false, false, true, false];

    private readonly string _directory = Directory.CreateTempSubdirectory("htap-condense-").FullName;
    private readonly DuckDBConnection _connection;
    private readonly ChangeApplier _applier;
    private ulong _lsn;

    public ChangeApplierCondensingTests()
    {
        _connection = new DuckDBConnection($"Data Source={Path.Combine(_directory, "apply.duckdb")}");
        _connection.Open();
        ReplicationStateStore.EnsureCreated(_connection);
        _applier = new ChangeApplier(_connection, "condense");
        Apply([new RowChange(ChangeKind.Relation, Items), new RowChange(ChangeKind.Relation, Others), new RowChange(ChangeKind.Relation, Full)]);
    }

    public static TheoryData<int> Sizes => [1, 3, 100];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void InsertUpdateDelete_SameKeysInOneBatch_RowsAreGone(int rows)
    {
        var changes = new List<RowChange>();
        for (var i = 1; i <= rows; i++)
        {
            changes.Add(Insert(i, "new"));
            changes.Add(Update(i, "changed"));
            changes.Add(Delete(i));
        }

        changes.Add(Insert(rows + 1, "kept"));
        Apply(changes);

        Assert.Equal($"{rows + 1}|kept {rows + 1}|big {rows + 1}|{rows + 1}.00", Rows("items"));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void KeyChange_ThenUpdateOfTheNewKey_RowMovesWithItsLastValues(int rows)
    {
        Apply(Enumerable.Range(1, rows).Select(i => Insert(i, "stored")));

        var changes = new List<RowChange>();
        for (var i = 1; i <= rows; i++)
        {
            // The key changes (old key sent), then the row under its new key changes again, then moves back.
            changes.Add(new RowChange(ChangeKind.Update, Items, Row(i + 1000, "moved"), KeyValues: Key(i)));
            changes.Add(Update(i + 1000, "moved and changed"));
        }

        changes.Add(new RowChange(ChangeKind.Update, Items, Row(1, "back"), KeyValues: Key(1001)));
        Apply(changes);

        var expected = new List<string> { "1|back 1|big 1|1.00" };
        expected.AddRange(Enumerable.Range(2, rows - 1).Select(i => $"{i + 1000}|moved and changed {i + 1000}|big {i + 1000}|{i + 1000}.00"));
        Assert.Equal(string.Join("\n", expected), Rows("items"));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void UnchangedToastedValues_SetWiseUpdates_KeepTheStoredValue(int rows)
    {
        Apply(Enumerable.Range(1, rows).Select(i => Insert(i, "stored", big: $"large value {i}")));

        var changes = new List<RowChange>();
        for (var i = 1; i <= rows; i++)
        {
            // big not sent: it keeps the stored value, through two updates folded together.
            changes.Add(new RowChange(ChangeKind.Update, Items, Row(i, "first", big: null), BigUnchanged));
            changes.Add(new RowChange(ChangeKind.Update, Items, Row(i, "second", big: null), BigUnchanged));
        }

        // A row inserted in the batch and then updated without its big value: the inserted value stays.
        changes.Add(Insert(rows + 1, "inserted", big: "inserted large"));
        changes.Add(new RowChange(ChangeKind.Update, Items, Row(rows + 1, "updated", big: null), BigUnchanged));

        // A row updated without its big value, then with it: the later value wins.
        changes.Add(new RowChange(ChangeKind.Update, Items, Row(1, "third", big: null), BigUnchanged));
        changes.Add(Update(1, "fourth", big: "replaced large"));
        Apply(changes);

        var expected = new List<string> { "1|fourth 1|replaced large|1.00" };
        expected.AddRange(Enumerable.Range(2, rows - 1).Select(i => $"{i}|second {i}|large value {i}|{i}.00"));
        expected.Add($"{rows + 1}|updated {rows + 1}|inserted large|{rows + 1}.00");
        Assert.Equal(string.Join("\n", expected), Rows("items"));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void DeleteThenReinsert_SameKey_HoldsTheNewRowOnce(int rows)
    {
        Apply(Enumerable.Range(1, rows).Select(i => Insert(i, "stored")));

        var changes = new List<RowChange>();
        for (var i = 1; i <= rows; i++)
        {
            changes.Add(Delete(i));
            changes.Add(Insert(i, "reinserted"));
        }

        Apply(changes);

        Assert.Equal(string.Join("\n", Enumerable.Range(1, rows).Select(i => $"{i}|reinserted {i}|big {i}|{i}.00")), Rows("items"));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MixedTables_OneBatch_EachTableGetsItsOwnChanges(int rows)
    {
        var changes = new List<RowChange>();
        for (var i = 1; i <= rows; i++)
        {
            changes.Add(Insert(i, "item"));
            changes.Add(new RowChange(ChangeKind.Insert, Others, [$"k{i}", "1", $"other {i}"]));
            changes.Add(new RowChange(ChangeKind.Insert, Others, [$"k{i}", "2", $"second part {i}"]));
            changes.Add(new RowChange(ChangeKind.Insert, Full, [i.ToString(CultureInfo.InvariantCulture), "dup"]));
            changes.Add(new RowChange(ChangeKind.Insert, Full, [i.ToString(CultureInfo.InvariantCulture), "dup"]));
        }

        Apply(changes);
        changes.Clear();
        for (var i = 1; i <= rows; i++)
        {
            changes.Add(Update(i, "changed"));
            changes.Add(new RowChange(ChangeKind.Delete, Others, KeyValues: [$"k{i}", "1", null]));
            changes.Add(new RowChange(ChangeKind.Update, Others, [$"k{i}", "2", $"changed part {i}"]));

            // Under REPLICA IDENTITY FULL one of the two identical rows goes.
            changes.Add(new RowChange(ChangeKind.Delete, Full, KeyValues: [i.ToString(CultureInfo.InvariantCulture), "dup"]));
            changes.Add(Insert(i + 1000, "late"));
        }

        Apply(changes);

        Assert.Equal(rows * 2, Count("items"));
        Assert.Equal(string.Join("\n", Enumerable.Range(1, rows).OrderBy(i => $"k{i}", StringComparer.Ordinal).Select(i => $"k{i}|2|changed part {i}")),
            Rows("others", orderBy: "code, part"));
        Assert.Equal(string.Join("\n", Enumerable.Range(1, rows).Select(i => $"{i}|dup")), Rows("full_rows", orderBy: "a"));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void SchemaChangeMidBatch_RowsBeforeAndAfterKeepTheirShapes(int rows)
    {
        Apply(Enumerable.Range(1, rows).Select(i => Insert(i, "stored")));
        var renamed = Items with { Columns = [Items.Columns[0], Items.Columns[1] with { Name = "remark" }, Items.Columns[2], Items.Columns[3]] };
        var added = renamed with { Columns = [.. renamed.Columns, new ReplicatedColumn("extra", PgTypeOid.Int4, -1, IsKey: false, new ColumnType("INTEGER"))] };

        var changes = new List<RowChange>();
        changes.AddRange(Enumerable.Range(1, rows).Select(i => Update(i, "before")));
        changes.Add(new RowChange(ChangeKind.Relation, renamed));
        changes.AddRange(Enumerable.Range(1, rows).Select(i => new RowChange(ChangeKind.Update, renamed, Row(i, "renamed"))));
        changes.Add(new RowChange(ChangeKind.Relation, added));
        changes.AddRange(Enumerable.Range(1, rows).Select(i => new RowChange(ChangeKind.Update, added, [.. Row(i, "added"), "7"])));
        changes.AddRange(Enumerable.Range(1, rows).Where(i => i % 2 == 0).Select(i => new RowChange(ChangeKind.Delete, added, KeyValues: [.. Key(i), null])));
        Apply(changes);

        Assert.Equal(string.Join("\n", Enumerable.Range(1, rows).Where(i => i % 2 == 1).Select(i => $"{i}|added {i}|big {i}|{i}.00|7")),
            Rows("items", columns: "id, remark, big, amount, extra"));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void NewShapeWithoutItsRelation_HeldBackRowsAreWrittenInTheirOwnShapeFirst(int rows)
    {
        // The Relation message can be lost with a rolled-back streamed subtransaction; the change still carries
        // the shape it was read with, which is the one DuckDB has here.
        var sameShape = Items with { };
        var changes = new List<RowChange>();
        changes.AddRange(Enumerable.Range(1, rows).Select(i => Insert(i, "first")));
        changes.AddRange(Enumerable.Range(1, rows).Select(i => new RowChange(ChangeKind.Update, sameShape, Row(i, "second"))));
        Apply(changes);

        Assert.Equal(string.Join("\n", Enumerable.Range(1, rows).Select(i => $"{i}|second {i}|big {i}|{i}.00")), Rows("items"));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TruncateMidBatch_DropsWhatCameBeforeAndKeepsWhatCameAfter(int rows)
    {
        Apply(Enumerable.Range(1, rows).Select(i => Insert(i, "stored")));
        var changes = new List<RowChange>();
        changes.AddRange(Enumerable.Range(1, rows).Select(i => Update(i, "before")));
        changes.AddRange(Enumerable.Range(1, rows).Select(i => Insert(i + 1000, "before")));
        changes.Add(new RowChange(ChangeKind.Truncate, Items, Truncated: [Items]));
        changes.AddRange(Enumerable.Range(1, rows).Select(i => Insert(i, "after")));
        Apply(changes);

        Assert.Equal(string.Join("\n", Enumerable.Range(1, rows).Select(i => $"{i}|after {i}|big {i}|{i}.00")), Rows("items"));
    }

    /// <summary>
    /// Random inserts, updates (some without the big value), key changes, deletes and reinserts, in batches of
    /// random size, checked against the same changes applied one at a time to a dictionary.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomChanges_AnyBatching_EndAsAppliedOneByOne(int seed)
    {
        var random = new Random(seed);
        var model = new SortedDictionary<int, string?[]>();
        var nextId = 1;
        var changes = new List<RowChange>();
        for (var step = 0; step < 4000; step++)
        {
            var ids = model.Keys.ToList();
            var id = ids.Count == 0 ? 0 : ids[random.Next(ids.Count)];
            var roll = ids.Count < 20 ? 0 : random.Next(100);
            var note = $"v{step}";
            switch (roll)
            {
                case < 25:
                    var newId = random.Next(4) == 0 && nextId > 5 ? random.Next(1, nextId) : nextId++;
                    if (!model.ContainsKey(newId))
                    {
                        model[newId] = Row(newId, note, big: $"big {step}");
                        changes.Add(new RowChange(ChangeKind.Insert, Items, model[newId]));
                    }

                    break;
                case < 50:
                    model[id] = Row(id, note, big: $"big {step}");
                    changes.Add(new RowChange(ChangeKind.Update, Items, model[id]));
                    break;
                case < 70:
                    var kept = model[id][2];
                    model[id] = Row(id, note, big: kept);
                    changes.Add(new RowChange(ChangeKind.Update, Items, Row(id, note, big: null), BigUnchanged));
                    break;
                case < 80:
                    var movedTo = nextId++;
                    model.Remove(id);
                    model[movedTo] = Row(movedTo, note, big: $"big {step}");
                    changes.Add(new RowChange(ChangeKind.Update, Items, model[movedTo], KeyValues: Key(id)));
                    break;
                default:
                    model.Remove(id);
                    changes.Add(Delete(id));
                    break;
            }
        }

        for (var start = 0; start < changes.Count;)
        {
            var count = Math.Min(random.Next(1, 1500), changes.Count - start);
            Apply(changes.GetRange(start, count));
            start += count;
        }

        Assert.Equal(string.Join("\n", model.Values.Select(v => string.Join("|", v))), Rows("items", columns: "id, note, big, amount"));
    }

    public void Dispose()
    {
        _connection.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string?[] Row(int id, string note, string? big = "") =>
        [id.ToString(CultureInfo.InvariantCulture), $"{note} {id}", big == "" ? $"big {id}" : big, $"{id}.00"];

    private static string?[] Key(int id) => [id.ToString(CultureInfo.InvariantCulture), null, null, null];

    private static RowChange Insert(int id, string note, string? big = "") => new(ChangeKind.Insert, Items, Row(id, note, big));

    private static RowChange Update(int id, string note, string? big = "") => new(ChangeKind.Update, Items, Row(id, note, big));

    private static RowChange Delete(int id) => new(ChangeKind.Delete, Items, KeyValues: Key(id));

    private void Apply(IEnumerable<RowChange> changes) =>
        _applier.Apply([.. changes], new ReplicationState(++_lsn, DateTimeOffset.UtcNow, Synced: true));

    private string Rows(string table, string columns = "*", string orderBy = "id")
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {columns} FROM main.{table} ORDER BY {orderBy}";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            }

            rows.Add(string.Join("|", values));
        }

        return string.Join("\n", rows);
    }

    private long Count(string table)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM main.{table}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
