using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using HtapRouter.TestSupport.Postgres;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Sql;

/// <summary>
/// The same SELECT on PostgreSQL 15 and on a node serving the same rows as the replicator stores them (character(n)
/// trimmed, its type recorded in htap_meta.column_types): same text from psql, same RowDescription types, same errors.
/// </summary>
public sealed class PostgresAnswersTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const string PrimarySchema = """
        create table customer (c_custkey integer primary key, c_name varchar(25), c_mktsegment char(10), c_phone char(15),
            c_flag char(1), o_orderdate date, shipped timestamp, shipped_tz timestamptz, waited interval, note bytea,
            ints integer[]);
        insert into customer values
            (1, 'Ann', 'BUILDING', '12-345', 'Y', '1995-03-15', '1995-03-15 10:11:12.345678', '1995-03-15 10:11:12.5+00',
             '1 year 2 months 3 days 04:05:06.789', '\x00ff615c62', '{1,2,3}'),
            (2, 'Bob', 'AUTOMOBILE', '99-1 ', 'N', '1996-12-31', '1996-12-31 23:59:59', '1996-12-31 23:59:59-05',
             '-36 hours', 'plain text', '{4,5}'),
            (3, 'Cy', 'BUILDING', 'x', 'Y', '2000-02-29', '2000-02-29 00:00:00.5', '2000-02-29 00:00:00+02', '90 seconds',
             '', '{}'),
            (4, 'Dee', null, null, null, null, null, null, null, null, null);
        """;

    private const string NodeSchema = """
        create table customer (c_custkey integer primary key, c_name varchar, c_mktsegment varchar, c_phone varchar,
            c_flag varchar, o_orderdate date, shipped timestamp, shipped_tz timestamptz, waited interval, note blob,
            ints integer[]);
        insert into customer values
            (1, 'Ann', 'BUILDING', '12-345', 'Y', '1995-03-15', '1995-03-15 10:11:12.345678', '1995-03-15 10:11:12.5+00',
             interval '14 months 3 days 14706789 milliseconds', '\x00\xFFa\x5Cb'::blob, [1, 2, 3]),
            (2, 'Bob', 'AUTOMOBILE', '99-1', 'N', '1996-12-31', '1996-12-31 23:59:59', '1996-12-31 23:59:59-05',
             interval '-36 hours', 'plain text'::blob, [4, 5]),
            (3, 'Cy', 'BUILDING', 'x', 'Y', '2000-02-29', '2000-02-29 00:00:00.5', '2000-02-29 00:00:00+02',
             interval '90 seconds', ''::blob, []),
            (4, 'Dee', null, null, null, null, null, null, null, null, null);
        create schema htap_meta;
        create table htap_meta.column_types (schema_name varchar, table_name varchar, column_name varchar, type_oid integer, typmod integer);
        insert into htap_meta.column_types values ('main', 'customer', 'c_name', 1043, 29), ('main', 'customer', 'c_mktsegment', 1042, 14),
            ('main', 'customer', 'c_phone', 1042, 19), ('main', 'customer', 'c_flag', 1042, 5);
        """;

    private NodeHost _node = null!;
    private PgEndpoint _primary = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync();
        await postgres.Server.ExecuteAsync($"alter database \"{_database}\" set timezone = 'UTC'", _database);
        await postgres.Server.ExecuteAsync(PrimarySchema, _database);
        _primary = postgres.Server.Endpoint(_database);
        _node = await NodeHost.CreateAsync(NodeSchema);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData("select c_custkey from customer where c_mktsegment = 'BUILDING' order by 1")]
    [InlineData("select c_custkey from customer where c_mktsegment = 'BUILDING  ' order by 1")]
    [InlineData("select c_custkey from customer where c_mktsegment in ('AUTOMOBILE', 'MACHINERY') order by 1")]
    [InlineData("select c_custkey from customer where c_mktsegment like 'BUILD%' order by 1")]
    [InlineData("select c_custkey from customer where c_mktsegment <> 'BUILDING' order by 1")]
    [InlineData("select c_custkey from customer where c_phone = '99-1' order by 1")]
    [InlineData("select c_custkey, length(c_mktsegment)::int4 as length, c_mktsegment || '|' as bar, c_phone || c_flag as phone_flag from customer order by 1")]
    [InlineData("select c_custkey, c_mktsegment, c_phone, c_flag, c_name from customer order by 1")]
    [InlineData("select * from customer order by c_custkey")]
    [InlineData("select c.* from customer c order by c_custkey")]
    [InlineData("select c_mktsegment, count(*) from customer group by c_mktsegment order by 1")]
    [InlineData("select distinct c_flag from customer order by 1")]
    [InlineData("select max(c_mktsegment), min(c_phone) from customer")]
    [InlineData("select seg, n from (select c_mktsegment as seg, count(*) as n from customer group by 1) s order by 1")]
    [InlineData("with w as (select c_mktsegment, c_custkey from customer) select * from w order by c_custkey")]
    [InlineData("select c_mktsegment::text, upper(c_mktsegment), c_phone::varchar from customer order by c_custkey")]
    [InlineData("select 'ab'::char(5), 'ab'::char(5) = 'ab' as same")]
    public async Task Select_CharColumns_AnswersAsPostgres(string sql)
    {
        await AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select extract(year from o_orderdate), extract(month from o_orderdate), extract(day from o_orderdate), extract(quarter from o_orderdate), extract(week from o_orderdate) from customer order by c_custkey")]
    [InlineData("select extract(dow from o_orderdate), extract(isodow from o_orderdate), extract(doy from o_orderdate), extract(isoyear from o_orderdate), extract(epoch from o_orderdate) from customer order by c_custkey")]
    [InlineData("select extract(decade from o_orderdate), extract(century from o_orderdate), extract(millennium from o_orderdate), extract(julian from o_orderdate) from customer order by c_custkey")]
    [InlineData("select extract(year from shipped), extract(hour from shipped), extract(minute from shipped), extract(second from shipped), extract(milliseconds from shipped), extract(microseconds from shipped) from customer order by c_custkey")]
    [InlineData("select extract(epoch from shipped), extract(dow from shipped), extract(doy from shipped), extract(week from shipped), extract(quarter from shipped) from customer order by c_custkey")]
    [InlineData("select extract(year from shipped_tz), extract(hour from shipped_tz), extract(second from shipped_tz), extract(epoch from shipped_tz), extract(timezone from shipped_tz), extract(timezone_hour from shipped_tz) from customer order by c_custkey")]
    [InlineData("select extract(year from waited), extract(month from waited), extract(day from waited), extract(hour from waited), extract(minute from waited), extract(second from waited) from customer order by c_custkey")]
    [InlineData("select extract(milliseconds from waited), extract(microseconds from waited), extract(epoch from waited) from customer order by c_custkey")]
    [InlineData("select extract(year from date '2021-01-01'), extract(epoch from timestamp '2021-01-01 00:00:01.25'), extract(second from interval '1 minute 2.5 seconds')")]
    [InlineData("select date_part('year', o_orderdate), date_part('epoch', o_orderdate), date_part('second', shipped), date_part('hour', waited) from customer order by c_custkey")]
    [InlineData("select o_year, count(*) from (select extract(year from o_orderdate) as o_year from customer) s group by o_year order by o_year")]
    public async Task Select_ExtractAndDatePart_AnswersAsPostgres(string sql)
    {
        await AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select 7 / 2, -7 / 2, 7 % 3, 1.0::float8 / 4")]
    [InlineData("select null")]
    [InlineData("select null as nothing")]
    [InlineData("select encode(note, 'hex'), encode(note, 'base64'), encode(note, 'escape') from customer order by c_custkey")]
    [InlineData("select encode(decode(repeat('ab', 50), 'hex'), 'base64')")]
    [InlineData(@"select encode('\x0102ff'::bytea, 'hex'), '\xDEADbeef'::bytea")]
    [InlineData("select decode('00ff41', 'hex'), decode('AP9B', 'base64'), decode('AP' || chr(10) || '9B', 'base64')")]
    [InlineData("select ints[1:2] as a, ints[2:] as b, ints[:1] as c from customer order by c_custkey")]
    [InlineData("select (array[1, 2, 3, 4])[2:3] as a")]
    public async Task Select_Expressions_AnswersAsPostgres(string sql)
    {
        await AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select 1 / 0")]
    [InlineData("select 1 / 0.0")]
    [InlineData("select 1.0::float8 / 0")]
    [InlineData("select 5 % 0")]
    [InlineData("select c_custkey / (c_custkey - 1) from customer")]
    [InlineData("select extract(hour from o_orderdate) from customer")]
    public async Task Select_Error_SameSqlStateAsPostgres(string sql)
    {
        var expected = await SqlStateAsync(await postgres.Server.OpenConnectionAsync(_database), sql);
        var actual = await SqlStateAsync(await _node.OpenAsync(), sql);

        Assert.NotNull(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Select_CharColumnWithParameter_MatchesTrimmedValue()
    {
        await using var connection = await _node.OpenAsync();
        await using var command = new NpgsqlCommand("select c_custkey, c_mktsegment from customer where c_mktsegment = $1 order by 1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = "BUILDING" });
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal("BUILDING  ", reader.GetString(1));
        Assert.Equal("character(10)", reader.GetDataTypeName(1));
    }

    private async Task AssertSameAnswerAsync(string sql)
    {
        var expected = await Psql.QueryAsync(_primary, sql);
        var actual = await Psql.QueryAsync(_node.Endpoint(), sql);
        Assert.Equal(expected, actual);

        var expectedTypes = await DescribeAsync(await postgres.Server.OpenConnectionAsync(_database), sql);
        var actualTypes = await DescribeAsync(await _node.OpenAsync(), sql);
        Assert.Equal(expectedTypes, actualTypes);
    }

    /// <summary>Each result column's name, type OID and, for character types, type modifier, as RowDescription gives them.</summary>
    private static async Task<List<string>> DescribeAsync(NpgsqlConnection connection, string sql)
    {
        await using var owned = connection;
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SchemaOnly);
        var columns = new List<string>();
        foreach (var column in (await reader.GetColumnSchemaAsync()).Cast<Npgsql.Schema.NpgsqlDbColumn>())
        {
            var typmod = column.TypeOID is 1042 or 1043 ? column.ColumnSize : -1;
            columns.Add($"{column.ColumnName}:{column.TypeOID}({typmod})");
        }

        return columns;
    }

    private static async Task<string?> SqlStateAsync(NpgsqlConnection connection, string sql)
    {
        await using var owned = connection;
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }

            return null;
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
    }
}
