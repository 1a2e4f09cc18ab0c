using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using HtapRouter.PgWire.Types;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Schema;
using Xunit.Abstractions;

namespace HtapRouter.Replicator.Tests.Apply;

/// <summary>
/// A stopwatch over <see cref="ChangeApplier"/> alone, on a real DuckDB file: prints the apply rate in the test
/// output for comparing changes to the apply path. It asserts the resulting rows, never the time.
/// </summary>
public sealed class ChangeApplierThroughputTests : IDisposable
{
    private const int Rows = 100_000;
    private const int BatchSize = 50_000;

    private static readonly ReplicatedTable Table = new(1, "public", "bench",
    [
        new ReplicatedColumn("id", PgTypeOid.Int4, -1, IsKey: true, new ColumnType("INTEGER"), NotNull: true),
        new ReplicatedColumn("amount", PgTypeOid.Numeric, -1, IsKey: false, new ColumnType("DECIMAL(12,2)")),
        new ReplicatedColumn("note", PgTypeOid.Text, -1, IsKey: false, new ColumnType("VARCHAR")),
        new ReplicatedColumn("at", PgTypeOid.TimestampTz, -1, IsKey: false, new ColumnType("TIMESTAMPTZ")),
    ], IdentityFull: false);

    private readonly ITestOutputHelper _output;
    private readonly string _directory = Directory.CreateTempSubdirectory("htap-apply-").FullName;

    public ChangeApplierThroughputTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Apply_HundredThousandInserts_PrintsRateAndAppliesEveryRow()
    {
        using var connection = Open();
        var applier = new ChangeApplier(connection, "bench");
        var inserts = Enumerable.Range(1, Rows).Select(i => new RowChange(ChangeKind.Insert, Table, Row(i, "row"))).ToList();

        var elapsed = ApplyInBatches(applier, [new RowChange(ChangeKind.Relation, Table), .. inserts]);

        _output.WriteLine($"inserts: {Rows} in {elapsed.TotalSeconds:F2} s = {Rows / elapsed.TotalSeconds:F0} changes/s");
        Assert.Equal($"{Rows}|{(long)Rows * (Rows + 1) / 2}", Scalar(connection, "SELECT count(*) || '|' || sum(id) FROM main.bench"));
    }

    [Fact]
    public void Apply_MixedUpdatesAndDeletes_PrintsRateAndEndsInThePrimarysState()
    {
        const int Rows = ChangeApplierThroughputTests.Rows / 5;
        using var connection = Open();
        var applier = new ChangeApplier(connection, "bench");
        ApplyInBatches(applier, [new RowChange(ChangeKind.Relation, Table), .. Enumerable.Range(1, Rows).Select(i => new RowChange(ChangeKind.Insert, Table, Row(i, "row")))]);

        // Every row updated once, every fifth updated again, every tenth deleted.
        var changes = new List<RowChange>();
        for (var i = 1; i <= Rows; i++)
        {
            changes.Add(new RowChange(ChangeKind.Update, Table, Row(i, "changed")));
            if (i % 5 == 0)
            {
                changes.Add(new RowChange(ChangeKind.Update, Table, Row(i, "twice")));
            }

            if (i % 10 == 0)
            {
                changes.Add(new RowChange(ChangeKind.Delete, Table, KeyValues: [i.ToString(CultureInfo.InvariantCulture), null, null, null]));
            }
        }

        var elapsed = ApplyInBatches(applier, changes);

        _output.WriteLine($"updates/deletes: {changes.Count} in {elapsed.TotalSeconds:F2} s = {changes.Count / elapsed.TotalSeconds:F0} changes/s");
        Assert.Equal($"{Rows * 9 / 10}|{Rows * 9 / 10 - Rows / 10}|{Rows / 10}",
            Scalar(connection, "SELECT count(*) || '|' || count(*) FILTER (starts_with(note, 'changed ')) || '|' || count(*) FILTER (starts_with(note, 'twice ')) FROM main.bench"));
    }

    [Fact]
    public void Apply_DistinctKeyUpdatesThenDeletes_PrintsRateAndEndsInThePrimarysState()
    {
        const int Rows = ChangeApplierThroughputTests.Rows / 5;
        using var connection = Open();
        var applier = new ChangeApplier(connection, "bench");
        ApplyInBatches(applier, [new RowChange(ChangeKind.Relation, Table), .. Enumerable.Range(1, Rows).Select(i => new RowChange(ChangeKind.Insert, Table, Row(i, "row")))]);

        // Each key once, nothing to condense: every row updated, half of them leaving the note (an unchanged
        // TOASTed value) out, then every third row deleted, as UPDATE ... and DELETE ... WHERE id % 3 = 0 send them.
        bool[] noteUnchanged = [false, false, true, false];
        var updates = Enumerable.Range(1, Rows).Select(i => i % 2 == 0
            ? new RowChange(ChangeKind.Update, Table, Row(i, "changed"))
            : new RowChange(ChangeKind.Update, Table, [.. Row(i, "unsent")[..2], null, Row(i, "")[3]], noteUnchanged)).ToList();
        var elapsed = ApplyInBatches(applier, updates);
        _output.WriteLine($"distinct updates: {updates.Count} in {elapsed.TotalSeconds:F2} s = {updates.Count / elapsed.TotalSeconds:F0} changes/s");

        var deletes = Enumerable.Range(1, Rows).Where(i => i % 3 == 0)
            .Select(i => new RowChange(ChangeKind.Delete, Table, KeyValues: [i.ToString(CultureInfo.InvariantCulture), null, null, null])).ToList();
        elapsed = ApplyInBatches(applier, deletes);
        _output.WriteLine($"distinct deletes: {deletes.Count} in {elapsed.TotalSeconds:F2} s = {deletes.Count / elapsed.TotalSeconds:F0} changes/s");

        var left = Rows - (Rows / 3);
        Assert.Equal($"{left}|{Enumerable.Range(1, Rows).Count(i => i % 3 != 0 && i % 2 == 0)}|{Enumerable.Range(1, Rows).Count(i => i % 3 != 0 && i % 2 == 1)}",
            Scalar(connection, "SELECT count(*) || '|' || count(*) FILTER (starts_with(note, 'changed ')) || '|' || count(*) FILTER (starts_with(note, 'row ')) FROM main.bench"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string?[] Row(int id, string note) =>
        [id.ToString(CultureInfo.InvariantCulture), $"{id % 1000}.{id % 100:D2}", $"{note} {id}", "2026-01-02 03:04:05.123456+00"];

    private DuckDBConnection Open()
    {
        var connection = new DuckDBConnection($"Data Source={Path.Combine(_directory, "apply.duckdb")}");
        connection.Open();
        ReplicationStateStore.EnsureCreated(connection);
        return connection;
    }

    private static TimeSpan ApplyInBatches(ChangeApplier applier, List<RowChange> changes)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var start = 0; start < changes.Count; start += BatchSize)
        {
            var batch = changes.GetRange(start, Math.Min(BatchSize, changes.Count - start));
            applier.Apply(batch, new ReplicationState((ulong)(start + batch.Count), DateTimeOffset.UtcNow, Synced: true));
        }

        return stopwatch.Elapsed;
    }

    private static string Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
    }
}
