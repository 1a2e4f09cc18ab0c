using DuckDB.NET.Data;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Primary;
using HtapRouter.Replicator.Schema;
using HtapRouter.Replicator.Sync;
using HtapRouter.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HtapRouter.Replicator.Tests.Sync;

/// <summary>
/// <see cref="TableCopy"/> in process, between a real primary and a DuckDB file: awkward values through the
/// named pipes, a table cut into ctid slices read in one snapshot, and failures on either side that must end the
/// copy with the error that caused it rather than hang on a pipe nobody opens.
/// </summary>
public sealed class TableCopyTests : IClassFixture<PostgresFixture>, IDisposable
{
    private const string Awkward = """
        create table awkward (id int primary key, t text, c char(5), b bytea, a text[], n numeric(20,4), ts timestamptz);
        insert into awkward
        select g,
               case g % 12
                   when 0 then null
                   when 1 then ''
                   when 2 then '"quoted", with comma'
                   when 3 then E'line\nbreak and\r\ncarriage'
                   when 4 then E'back\\slash \\N \\x00'
                   when 5 then 'ünïcode ✓ 𝄞'
                   when 6 then '"'
                   when 7 then ','
                   when 8 then E'\n'
                   when 9 then ' padded  '
                   when 10 then 'NULL'
                   else repeat('long ', 40) || g
               end,
               case when g % 3 = 0 then null else left(g::text, 3) end,
               case when g % 4 = 0 then null when g % 4 = 1 then ''::bytea else decode(md5(g::text), 'hex') end,
               case when g % 5 = 0 then null else array['a', null, E'q"uote,\n', ''] end,
               case when g % 6 = 0 then null else g * 1.2345 - 5000 end,
               case when g % 7 = 0 then null else timestamptz '2024-01-01 00:00:00+05' + g * interval '1 minute' end
        from generate_series(1, 3000) g;
        """;

    private const string Check = """
        select id, t, c, b, a, n, ts from awkward order by id
        """;

    private readonly PostgresServer _primary;
    private readonly string _directory = Directory.CreateTempSubdirectory("htap-copy-").FullName;

    public TableCopyTests(PostgresFixture fixture) => _primary = fixture.Server;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The awkward values arrive the same in one stream, and cut by ctid into three slices, each row exactly once.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Copy_AwkwardValues_LoadsEveryRowOnceWithTheSameValues(int streams)
    {
        var database = await CreateAsync(Awkward);
        await using var copy = await CopySetup.OpenAsync(_primary.ConnectionString(database), "awkward", streams);
        var pages = await _primary.ScalarAsync<long>("select pg_relation_size('awkward') / 8192", database);
        Assert.True(pages >= 2 * streams, $"awkward has only {pages} pages, too few to cut into {streams}");

        using var duck = OpenDuck();
        await copy.RunAsync(duck, streams == 1 ? TableSlices.Whole : new TableSlices(streams, pages), _directory);

        Assert.Equal(await PrimaryRowsAsync(database, Check), DuckRows(duck, Check.Replace("awkward", "main.awkward", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Copy_SlicesSeeTheSnapshot_NotRowsCommittedAfterIt()
    {
        var database = await CreateAsync(Awkward);
        await using var copy = await CopySetup.OpenAsync(_primary.ConnectionString(database), "awkward", streams: 2);
        var pages = await _primary.ScalarAsync<long>("select pg_relation_size('awkward') / 8192", database);
        await _primary.ExecuteAsync("insert into awkward select g, 'late' from generate_series(3001, 6000) g; delete from awkward where id <= 100", database);

        using var duck = OpenDuck();
        await copy.RunAsync(duck, new TableSlices(2, pages), _directory);

        Assert.Equal("3000|4501500", DuckRows(duck, "select count(*) || '|' || sum(id) from main.awkward").Single());
    }

    [Fact]
    public async Task Copy_SliceFailsOnThePrimary_ThrowsItsErrorInsteadOfHanging()
    {
        var database = await CreateAsync(Awkward);
        await using var copy = await CopySetup.OpenAsync(_primary.ConnectionString(database), "awkward", streams: 2);
        var pages = await _primary.ScalarAsync<long>("select pg_relation_size('awkward') / 8192", database);
        await copy.Sources[1].CloseAsync();

        using var duck = OpenDuck();
        var run = copy.RunAsync(duck, new TableSlices(2, pages), _directory);

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))));
        await Assert.ThrowsAsync<InvalidOperationException>(() => run);
    }

    [Fact]
    public async Task Copy_DuckDbFails_ThrowsItsErrorInsteadOfHanging()
    {
        var database = await CreateAsync(Awkward);
        await using var copy = await CopySetup.OpenAsync(_primary.ConnectionString(database), "awkward", streams: 2);
        var pages = await _primary.ScalarAsync<long>("select pg_relation_size('awkward') / 8192", database);

        // The table is never created in DuckDB, so the insert fails before it opens a pipe.
        using var duck = OpenDuck();
        var run = copy.RunAsync(duck, new TableSlices(2, pages), _directory, createTable: false);

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))));
        var error = await Assert.ThrowsAsync<DuckDBException>(() => run);
        Assert.Contains("awkward", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> CreateAsync(string sql)
    {
        var database = await _primary.CreateDatabaseAsync();
        await _primary.ExecuteAsync(sql, database);
        return database;
    }

    private DuckDBConnection OpenDuck()
    {
        var duck = new DuckDBConnection($"Data Source={Path.Combine(_directory, $"{Guid.NewGuid():N}.duckdb")}");
        duck.Open();
        ReplicationStateStore.EnsureCreated(duck);
        return duck;
    }

    /// <summary>Every row as one string, values by their text on the primary (in UTC), NULL spelled out.</summary>
    private async Task<List<string>> PrimaryRowsAsync(string database, string sql)
    {
        await using var connection = await _primary.OpenConnectionAsync(database);
        await using (var zone = new NpgsqlCommand("set timezone = 'UTC'", connection))
        {
            await zone.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(
            $"select concat_ws('|', id, {Quote("t")}, {Quote("c::text")}, {Quote("encode(b, 'hex')")}, {Quote("array_to_json(a)::text")}, " +
            $"{Quote("n::text")}, {Quote("to_char(ts, 'YYYY-MM-DD HH24:MI:SS')")}) from ({sql}) r(id, t, c, b, a, n, ts) order by id", connection);
        return await ReadAsync(await command.ExecuteReaderAsync());
    }

    private static List<string> DuckRows(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql.Contains("count(*)", StringComparison.Ordinal) ? sql :
            $"select concat_ws('|', id, {Quote("t")}, {Quote("c")}, {Quote("lower(hex(b))")}, {Quote("to_json(a)::text")}, " +
            $"{Quote("n::text")}, {Quote("strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S')")}) " +
            $"from ({sql}) r(id, t, c, b, a, n, ts) order by id";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>A value quoted, or NULL: the same SQL on both sides, so an empty string and NULL differ.</summary>
    private static string Quote(string value) => $"coalesce('''' || replace({value}, '''', '''''') || '''', 'NULL')";

    private static async Task<List<string>> ReadAsync(NpgsqlDataReader reader)
    {
        await using (reader)
        {
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }

            return rows;
        }
    }

    /// <summary>
    /// A snapshot exported by a connection kept in its transaction, the table as the catalog maps it, and
    /// <c>streams</c> connections that import the snapshot: what <see cref="InitialSync"/> prepares for a copy.
    /// </summary>
    private sealed class CopySetup : IAsyncDisposable
    {
        private readonly NpgsqlConnection _exporter;
        private readonly SnapshotReaders _readers;

        private CopySetup(NpgsqlConnection exporter, SnapshotReaders readers, ReplicatedTable table)
        {
            _exporter = exporter;
            _readers = readers;
            Table = table;
        }

        public ReplicatedTable Table { get; }

        public IReadOnlyList<NpgsqlConnection> Sources => _readers.Connections;

        public static async Task<CopySetup> OpenAsync(string primary, string table, int streams)
        {
            var exporter = new NpgsqlConnection(primary);
            await exporter.OpenAsync();
            await using (var begin = new NpgsqlCommand("begin isolation level repeatable read", exporter))
            {
                await begin.ExecuteNonQueryAsync();
            }

            await using var export = new NpgsqlCommand("select pg_export_snapshot()", exporter);
            var snapshot = (string)(await export.ExecuteScalarAsync())!;
            var readers = await SnapshotReaders.OpenAsync(primary, snapshot, streams, CancellationToken.None);
            await using var oid = new NpgsqlCommand($"select '{table}'::regclass::oid", readers.Connections[0]);
            var relationId = (uint)(await oid.ExecuteScalarAsync())!;
            var replicated = await new PrimaryCatalog((_, _) => { }).LoadTableAsync(readers.Connections[0], relationId, CancellationToken.None);
            return new CopySetup(exporter, readers, replicated);
        }

        public async Task RunAsync(DuckDBConnection duck, TableSlices slices, string directory, bool createTable = true)
        {
            using var transaction = duck.BeginTransaction();
            if (createTable)
            {
                SchemaApplier.Apply(duck, Table);
            }

            var progress = new DuckDBConnection(duck.ConnectionString);
            progress.Open();
            using var reporter = new SyncProgressReporter(new ReplicationProgress(), progress, NullLogger.Instance);
            await TableCopy.CopyAsync(Sources, duck, Table, slices, 3000, directory, reporter, CancellationToken.None);
            transaction.Commit();
        }

        public async ValueTask DisposeAsync()
        {
            await _readers.DisposeAsync();
            await _exporter.DisposeAsync();
        }
    }
}
