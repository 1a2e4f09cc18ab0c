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

    private const string Types = """
        create table types (id int primary key, b bool, i2 int2, i4 int4, i8 int8, o oid, f4 float4, f8 float8,
            n4 numeric(4,2), n9 numeric(9,4), n18 numeric(18,4), n30 numeric(30,4), n38 numeric(38,10), n38i numeric(38,0), nfree numeric,
            t text, v varchar(20), nm name, c char(5), ch "char", by bytea, j json, jb jsonb, d date, tm time, tz timetz,
            ts timestamp, tstz timestamptz, iv interval, u uuid, ip inet, ia int[]);
        insert into types values
            (1, true, -32768, -2147483648, -9223372036854775808, 0, 1.17549435e-38, 2.2250738585072014e-308,
             -99.99, -99999.9999, -99999999999999.9999, -100000000000000000000, -9999999999999999999999999999.9999999999, -99999999999999999999999999999999999999, 'NaN',
             '', '', '', '', 'a', ''::bytea, '{"a" :  1, "b": [1, 2.50]}', '{"b": 1, "a": [1, 2.50]}', 'infinity', '00:00', '00:00+14',
             'infinity', 'infinity', '178000000 years', '00000000-0000-0000-0000-000000000000', '::1', '{}'),
            (2, false, 32767, 2147483647, 9223372036854775807, 4294967295, 'NaN', '-0',
             99.99, 99999.9999, 99999999999999.9999, 0.0001, 9999999999999999999999999999.9999999999, 99999999999999999999999999999999999999, '-1e-20',
             'ünïcode ✓ 𝄞', 'quote" comma,', 'name', 'ab   ', 'z', '\x00ff', '[]', 'null', '-infinity', '23:59:59.999999', '23:59:59.999999-15:59',
             '-infinity', '-infinity', '-178000000 years', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '10.0.0.0/8', '{1,NULL,3}'),
            (3, null, 0, 0, 0, 1, '-0', 'NaN', 0, 0.0001, 0.0001, 0.0001, 0.0000000001, 0, '123456789012345678901234567890.123456789012345678901234567890',
             repeat('long ', 50), E'line\nbreak', 'x', ' a', null, decode(repeat('ab', 1000), 'hex'), '"x"', '{"nested": {"k": [true, null]}}', '4713-01-01 BC', '24:00:00', '12:00-05:30',
             '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', '1 year 2 mons 3 days 04:05:06.789012', '7fffffff-ffff-ffff-ffff-ffffffffffff', 'fe80::1/64', '{{1,2},{3,4}}'),
            (4, true, -1, -1, -1, 2, 'Infinity', 'Infinity', -0.01, -0.0001, -0.0001, -0.0001, -0.0000000001, -1, '0',
             'NULL', 'back\slash \N', 'y', 'a', 'q', '\x', '{"a" :  1}', '{}', '0001-01-01', '12:34:56', '00:00:00+00',
             '0001-01-01 00:00:00', '2024-02-29 23:59:59.999999+05', '-1 days +02:00:00', '80000000-0000-0000-0000-000000000000', '192.168.0.1', '{-1}'),
            (5, false, 1, 1, 1, 3, '-Infinity', '-Infinity', 0.01, 12345.6789, 12345678901234.5678, 12345678901234567890123456.7891, 1234567890123456789012345678.0123456789, 10000000000000000000000000000000000000, '-0.000',
             E'\t tab', '✓', 'z', '     ', ' ', '\x20', '{}', '[1, 2]', '2000-01-01', '00:00:00.000001', '23:59:59+00',
             '2000-01-01 00:00:00', '2262-04-11 23:47:16.854775', '1 microsecond', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '0.0.0.0/0', null),
            (6, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
             null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        insert into types (id, i4, i8, n18, n38, t, d, ts, tstz, u, iv)
        select g, g, g::int8 * 1000003, g * 1.2345 - 5000, g * 123456789.0123456789 - 1e15, md5(g::text) || repeat('é', g % 20),
               date '2000-01-01' + g - 1500, timestamp '1999-12-31 23:00' + g * interval '17 minutes 3.000001 seconds',
               timestamptz '1969-12-31 23:00+00' - g * interval '1 hour', md5(g::text)::uuid, g * interval '1 day 1 second'
        from generate_series(7, 3000) g;
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
        await copy.RunAsync(duck, streams == 1 ? TableSlices.Whole : new TableSlices(streams, pages));

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
        await copy.RunAsync(duck, new TableSlices(2, pages));

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
        var run = copy.RunAsync(duck, new TableSlices(2, pages));

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
        var run = copy.RunAsync(duck, new TableSlices(2, pages), createTable: false);

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))));
        var error = await Assert.ThrowsAsync<DuckDBException>(() => run);
        Assert.Contains("awkward", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Every type the copy decodes from its binary form, and some it receives as text, with their edge values: each
    /// column in DuckDB equals what DuckDB's conversion of the primary's text form gives (the conversion the stream's
    /// changes go through), compared by DuckDB's text of both, so that -0, NaN and the infinities count.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Copy_EveryTypeEdgeValues_EqualsTheConversionOfTheirText(int streams)
    {
        var database = await CreateAsync(Types);
        await using var copy = await CopySetup.OpenAsync(_primary.ConnectionString(database), "types", streams);
        var pages = await _primary.ScalarAsync<long>("select pg_relation_size('types') / 8192", database);

        using var duck = OpenDuck();
        await copy.RunAsync(duck, streams == 1 ? TableSlices.Whole : new TableSlices(streams, Math.Max(pages, 2)));

        // The same values the text way, as the copy used to take them: the primary's CSV of each column's text,
        // read by DuckDB's CSV reader as VARCHAR, then converted.
        var table = copy.Table;
        var texts = string.Join(", ", table.Columns.Select(c => c.Type.SourceExpression(ReplicatedTable.Quote(c.Name))));
        var csv = Path.Combine(_directory, "types.csv");
        await using (var connection = await _primary.OpenConnectionAsync(database))
        {
            await using var zone = new NpgsqlCommand("set timezone = 'UTC'; set extra_float_digits = 3; set datestyle = 'ISO'", connection);
            await zone.ExecuteNonQueryAsync();
            using var export = await connection.BeginTextExportAsync($"COPY (SELECT {texts} FROM types) TO STDOUT WITH (FORMAT csv)");
            await File.WriteAllTextAsync(csv, await export.ReadToEndAsync());
        }

        var columns = "{" + string.Join(", ", table.Columns.Select((_, i) => $"'c{i}': 'VARCHAR'")) + "}";
        ReplicationStateStore.Execute(duck, $"""
            CREATE TABLE expected_text AS SELECT * FROM read_csv('{csv}', columns = {columns}, header = false, auto_detect = false,
                delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false)
            """);

        var converted = string.Join(", ", table.Columns.Select((c, i) => $"{c.Type.StagingExpression($"c{i}")} AS {ReplicatedTable.Quote(c.Name)}"));
        ReplicationStateStore.Execute(duck, $"CREATE TABLE expected AS SELECT {converted} FROM expected_text");
        Assert.Equal(DuckRows(duck, "select count(*)::varchar from expected"), DuckRows(duck, "select count(*)::varchar from main.types"));
        foreach (var column in table.Columns.Select(c => ReplicatedTable.Quote(c.Name)))
        {
            var differ = DuckRows(duck, $"""
                select count(*) || ' rows differ, e.g. id ' || coalesce(min(e.id)::varchar, '-') || ': ' || coalesce(min(t.{column}::varchar), 'NULL') || ' vs ' || coalesce(min(e.{column}::varchar), 'NULL')
                from expected e join main.types t using (id)
                where t.{column}::varchar is distinct from e.{column}::varchar
                """).Single();
            Assert.True(differ.StartsWith("0 rows", StringComparison.Ordinal), $"{column}: {differ}");
        }

        // A few values spelled out, beyond agreeing with the text way.
        Assert.Equal("-0.0|nan|inf|-inf", DuckText(duck, "select string_agg(f8::varchar, '|' order by id) from main.types where id between 2 and 5"));
        Assert.Equal("infinity|-infinity|4713-01-01 (BC)", DuckText(duck, "select string_agg(d::varchar, '|' order by id) from main.types where id between 1 and 3"));
        Assert.Equal("-100000000000000000000.0000|0.0001|0.0001|-0.0001",
            DuckText(duck, "select string_agg(n30::varchar, '|' order by id) from main.types where id between 1 and 4"));
        Assert.Equal("::1|10.0.0.0/8|fe80::1/64|192.168.0.1", DuckText(duck, "select string_agg(ip, '|' order by id) from main.types where id between 1 and 4"));
        Assert.Equal("ab|a|", DuckText(duck, "select string_agg(c, '|' order by id) from main.types where id in (2, 4, 5)"));
    }

    private static string DuckText(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "NULL";
    }

    /// <summary>DuckDB's DECIMAL has no NaN: the copy fails with the column's name, as DuckDB's cast of 'NaN' does.</summary>
    [Fact]
    public async Task Copy_NumericNaNIntoDecimal_FailsNamingTheColumn()
    {
        var database = await CreateAsync("create table nan (id int primary key, n numeric(10,2)); insert into nan values (1, 1.5), (2, 'NaN')");
        await using var copy = await CopySetup.OpenAsync(_primary.ConnectionString(database), "nan", streams: 1);

        using var duck = OpenDuck();
        var run = copy.RunAsync(duck, TableSlices.Whole);

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => run);
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
        Assert.Contains("n", error.Message, StringComparison.Ordinal);
    }

    /// <summary>DuckDB refuses rows in the middle of the copy (a NOT NULL the primary does not have): its error, no hang.</summary>
    [Fact]
    public async Task Copy_DuckDbRefusesRowsMidway_ThrowsItsErrorInsteadOfHanging()
    {
        var database = await CreateAsync(Awkward);
        await using var copy = await CopySetup.OpenAsync(_primary.ConnectionString(database), "awkward", streams: 2);
        var pages = await _primary.ScalarAsync<long>("select pg_relation_size('awkward') / 8192", database);

        using var duck = OpenDuck();
        ReplicationStateStore.Execute(duck, "create table main.awkward (id integer, t varchar, c varchar, b blob, a varchar[], n decimal(20,4), ts timestamptz not null)");
        var run = copy.RunAsync(duck, new TableSlices(2, pages), createTable: false);

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => run);
        Assert.Contains("NOT NULL", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The copy's table function is in the database the node's clients query: called with an id no copy has, it is an
    /// error for that statement, and the connection goes on.
    /// </summary>
    [Fact]
    public void CopyScan_IdOfNoRunningCopy_FailsTheStatementOnly()
    {
        using var duck = OpenDuck();
        CopyScan.EnsureRegistered(duck);
        CopyScan.EnsureRegistered(duck);

        var error = Assert.Throws<DuckDBException>(() => DuckText(duck, $"select count(*) from {CopyScan.FunctionName}(12345)"));
        Assert.Contains("no copy 12345 is running", error.Message, StringComparison.Ordinal);
        Assert.Equal("1", DuckText(duck, "select 1"));
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

        public async Task RunAsync(DuckDBConnection duck, TableSlices slices, bool createTable = true)
        {
            using var transaction = duck.BeginTransaction();
            if (createTable)
            {
                SchemaApplier.Apply(duck, Table);
            }

            var progress = new DuckDBConnection(duck.ConnectionString);
            progress.Open();
            using var reporter = new SyncProgressReporter(new ReplicationProgress(), progress, NullLogger.Instance);
            await TableCopy.CopyAsync(Sources, duck, Table, slices, 3000, reporter, CancellationToken.None);
            transaction.Commit();
        }

        public async ValueTask DisposeAsync()
        {
            await _readers.DisposeAsync();
            await _exporter.DisposeAsync();
        }
    }
}
