using System.Buffers.Binary;
using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Postgres;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Sql;

/// <summary>
/// More of the same SELECT on PostgreSQL 15 and on a node serving the same rows as the replicator stores them: set
/// functions in FROM, casts to record, the field types of a binary record.
/// </summary>
public sealed class PostgresAnswersMoreTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const string PrimarySchema = """
        create table customer (c_custkey integer primary key, c_name varchar(25), c_mktsegment char(10), c_flag char(1),
            c_balance numeric(12,2));
        insert into customer values (1, 'Ann', 'BUILDING', 'Y', 10.50), (2, 'Bob', 'AUTOMOBILE', 'N', -3.00),
            (3, 'Cy', null, null, null);
        """;

    private const string NodeSchema = """
        create table customer (c_custkey integer primary key, c_name varchar, c_mktsegment varchar, c_flag varchar,
            c_balance decimal(12,2));
        insert into customer values (1, 'Ann', 'BUILDING', 'Y', 10.50), (2, 'Bob', 'AUTOMOBILE', 'N', -3.00),
            (3, 'Cy', null, null, null);
        create schema htap_meta;
        create table htap_meta.column_types (schema_name varchar, table_name varchar, column_name varchar, type_oid integer, typmod integer);
        insert into htap_meta.column_types values ('main', 'customer', 'c_name', 1043, 29), ('main', 'customer', 'c_mktsegment', 1042, 14),
            ('main', 'customer', 'c_flag', 1042, 5);
        """;

    private NodeHost _node = null!;
    private PrimaryAndNode _answers = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync();
        await postgres.Server.ExecuteAsync($"alter database \"{_database}\" set timezone = 'UTC'", _database);
        await postgres.Server.ExecuteAsync(PrimarySchema, _database);
        _node = await NodeHost.CreateAsync(NodeSchema);
        _answers = new PrimaryAndNode(postgres.Server, _database, _node);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData("select * from generate_series(1,3)")]
    [InlineData("select g from generate_series(1, 3) g")]
    [InlineData("select * from generate_series(1,10,2)")]
    [InlineData("select x from generate_series(1, 3) as g(x) order by x desc")]
    [InlineData("select * from generate_series(1, 3) with ordinality")]
    [InlineData("select * from generate_series(1, 3) with ordinality as g")]
    [InlineData("select x, n from generate_series(1, 3) with ordinality as g(x, n) order by n desc")]
    [InlineData("select generate_series.generate_series from generate_series(3, 1, -1)")]
    [InlineData("select * from pg_catalog.generate_series(-2, 2, 2) s")]
    [InlineData("select a.g, b.g from generate_series(1, 2) a(g) join generate_series(2, 3) b(g) on a.g = b.g")]
    [InlineData("select c_custkey, s from customer, generate_series(1, c_custkey) s order by 1, 2")]
    [InlineData("select * from generate_series(1::int8, 3)")]
    [InlineData("select * from generate_series(1::int2, 2)")]
    [InlineData("select * from generate_series(1, 3000000000, 1500000000) with ordinality")]
    public async Task Select_GenerateSeriesInFrom_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
        await _answers.AssertSameBinaryValuesAsync(sql);
    }

    [Theory]
    [InlineData("select generate_series(1, 3) as g, generate_series(1::int8, 3) as h")]
    [InlineData("select generate_series(-1, 1), generate_series(1, 3000000000, 1500000000)")]
    [InlineData("select c_custkey, generate_series(1, c_custkey) from customer order by 1, 2")]
    [InlineData("select generate_series(1::int2, 3)")]
    public async Task Select_GenerateSeriesInSelectList_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
        await _answers.AssertSameBinaryValuesAsync(sql);
    }

    [Theory]
    [InlineData("select null::record")]
    [InlineData("select cast(null as record)")]
    [InlineData("select null::pg_catalog.record as r, 1 as x")]
    [InlineData("select (null::record) is null as n")]
    [InlineData("select row(1, 'a')::record")]
    public async Task Select_RecordCast_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
        await _answers.AssertSameBinaryValuesAsync(sql);
    }

    [Theory]
    [InlineData("select 1::record")]
    [InlineData("select '(1,2)'::record")]
    [InlineData("select c_name::record from customer")]
    [InlineData("select c_name::text::record from customer")]
    public async Task Select_RecordCastOfValue_SameSqlStateAsPostgres(string sql)
    {
        var expected = await _answers.PrimarySqlStateAsync(sql);
        var actual = await _answers.NodeSqlStateAsync(sql);

        Assert.NotNull(expected);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("select row(c_custkey, c_name, c_mktsegment, c_flag, c_balance) as r from customer order by c_custkey")]
    [InlineData("select row('ab'::char(4), 'x'::varchar(3), 1.50, 'plain'::text, 2::numeric(5,1), 'y'::character varying) as r")]
    [InlineData("select (c_name, row(c_mktsegment, c_flag, c_balance * 2)) as r from customer order by c_custkey")]
    public async Task Select_RecordInBinary_FieldTypesAsPostgres(string sql)
    {
        await using var expected = await postgres.Server.OpenConnectionAsync(_database);
        await using var actual = await _node.OpenAsync(typeLoading: true);
        Assert.Equal(await RecordFieldsAsync(expected, sql), await RecordFieldsAsync(actual, sql));
    }

    /// <summary>Each row's binary record, its fields' type OIDs and values, nested records opened in turn.</summary>
    private static async Task<List<string>> RecordFieldsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            await using var stream = reader.GetStream(0);
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            rows.Add(Record(bytes.ToArray()));
        }

        return rows;
    }

    /// <summary>record_send's layout: the field count, then each field's type OID, length (-1 for NULL) and bytes.</summary>
    private static string Record(ReadOnlySpan<byte> record)
    {
        var count = BinaryPrimitives.ReadInt32BigEndian(record);
        var position = sizeof(int);
        var fields = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var oid = BinaryPrimitives.ReadUInt32BigEndian(record[position..]);
            var length = BinaryPrimitives.ReadInt32BigEndian(record[(position + sizeof(int))..]);
            position += 2 * sizeof(int);
            var value = record.Slice(position, Math.Max(length, 0));
            fields.Add(oid switch
            {
                _ when length < 0 => $"{oid}:null",
                2249 => $"{oid}:{Record(value)}",
                _ => $"{oid}:{Convert.ToHexString(value)}",
            });
            position += Math.Max(length, 0);
        }

        return $"({string.Join(",", fields)})";
    }
}
