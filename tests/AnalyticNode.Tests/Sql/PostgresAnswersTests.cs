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
        create table keywords (at integer, by text, show integer, qualify integer, columns integer, map text);
        insert into keywords values (1, 'x', 2, 3, 4, 'm'), (2, 'y', 3, 4, 5, null);
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
        create table keywords ("at" integer, "by" text, "show" integer, "qualify" integer, "columns" integer, "map" text);
        insert into keywords values (1, 'x', 2, 3, 4, 'm'), (2, 'y', 3, 4, 5, null);
        create schema htap_meta;
        create table htap_meta.column_types (schema_name varchar, table_name varchar, column_name varchar, type_oid integer, typmod integer);
        insert into htap_meta.column_types values ('main', 'customer', 'c_name', 1043, 29), ('main', 'customer', 'c_mktsegment', 1042, 14),
            ('main', 'customer', 'c_phone', 1042, 19), ('main', 'customer', 'c_flag', 1042, 5);
        """;

    private NodeHost _node = null!;
    private PrimaryAndNode _answers = null!;
    private PgEndpoint _primary = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync();
        await postgres.Server.ExecuteAsync($"alter database \"{_database}\" set timezone = 'UTC'", _database);
        await postgres.Server.ExecuteAsync(PrimarySchema, _database);
        _primary = postgres.Server.Endpoint(_database);
        _node = await NodeHost.CreateAsync(NodeSchema);
        _answers = new PrimaryAndNode(postgres.Server, _database, _node);
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
        await _answers.AssertSameAnswerAsync(sql);
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
        await _answers.AssertSameAnswerAsync(sql);
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
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("values (1, 'a'), (2, 'b')")]
    [InlineData("values (2), (1), (3) order by 1 desc limit 2 offset 1")]
    [InlineData("select column1, column2 from (values (1, 'x'), (2, 'y')) v order by column2 desc")]
    [InlineData("select * from (values (1, 'x')) v(a, b)")]
    [InlineData("select 1 as found where 2 in (values (1), (2))")]
    [InlineData("values (1) union all values (2) union all (values (3) order by 1) order by 1 desc")]
    [InlineData("with w as (values (5, 'five')) select column2, column1 from w")]
    public async Task Select_ValuesLists_ColumnsAreNamedAsInPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select timestamptz '2020-01-01 10:00+02', '2020-01-01 10:00-03:30'::timestamptz, timestamp '2020-01-01 10:00+02'")]
    [InlineData("select timetz '10:00+02', '23:59-11'::time with time zone, '10:00:30+02'::timetz")]
    [InlineData("select c_custkey from customer where shipped_tz > '2000-01-01 10:00+02' and '1999-12-31 23:00-01' < shipped_tz order by 1")]
    [InlineData("select '10:00+02' as text_stays_text, '2020-01-01 10:00+02' || '' as concatenated")]
    [InlineData("select timestamptz '2024-06-01 12:00 Europe/Paris' as a, c_custkey from customer where shipped_tz < '2000-01-01 10:00 America/New_York' order by 2")]
    public async Task Select_TimeConstantsWithOffsetWithoutSeconds_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select at, by, show, qualify, columns, map from keywords order by at")]
    [InlineData("select k.at, keywords.by from keywords k join keywords on k.at = keywords.at order by 1")]
    [InlineData("select at.show, show.at from keywords at, keywords show where at.at = show.at order by 1")]
    [InlineData("select at, count(*) as by from keywords group by at having at > 0 order by at")]
    [InlineData("select 'at' as x, at \"at\", 'show by' from keywords order by 1, 2")]
    [InlineData("with show as (select at as qualify from keywords) select qualify from show order by qualify")]
    [InlineData("select timestamp '2020-01-01 10:00' at time zone 'UTC' as at from keywords order by at")]
    public async Task Select_DuckDbReservedNames_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select '{1,2}'::int[], array[1,2], '{a,b}'::text[], '{}'::int[], array[]::text[]")]
    [InlineData("select array['a b', 'c,d', 'e\"f', null, '', 'NULL', 'x\\y']")]
    [InlineData("select array[1, null, 3], array[date '2020-01-01'], array[timestamp '2020-01-01 10:00'], array[true, false]")]
    [InlineData("select '{\"a b\",\"c\\\"d\",NULL, e }'::text[], '{ 1 , 2 }'::int[]")]
    [InlineData("select '{1,2}'::int[] = array[1,2], array[1,2] < array[1,3], array[1,2] @> array[1]")]
    [InlineData("select 2 = any('{1,2}'::int[]), 3 = all(array[3,3]), 4 = any('{1,2}'::int8[])")]
    [InlineData("select c_custkey from customer where c_custkey = any('{1,3}'::int[]) order by 1")]
    [InlineData("select c_custkey from customer where c_name = any('{Ann,Cy}'::text[]) order by 1")]
    [InlineData("select c_custkey from customer where 2 = any(ints) order by 1")]
    [InlineData("select array_length(array[1,2,3], 1), cardinality(array[1,2]), array_upper(array[1,2], 1), array_lower(array[1,2], 1)")]
    [InlineData("select cardinality('{}'::int[]), array_length('{}'::int[], 1), array_upper('{}'::int[], 1)")]
    [InlineData("select ints, ints[1], array_length(ints, 1), cardinality(ints), array_upper(ints, 1) from customer order by c_custkey")]
    [InlineData("select unnest(array[1,2,3])")]
    [InlineData("select x from unnest('{a,b}'::text[]) as u(x) order by x")]
    [InlineData("select array_agg(c_custkey order by c_custkey) from customer")]
    public async Task Select_Arrays_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select length('abc'), char_length('abc'), character_length('ab'), octet_length('abc'), bit_length('a'), octet_length('é')")]
    [InlineData("select length(c_name), char_length(c_name), octet_length(c_name), length(c_mktsegment), octet_length(c_mktsegment) from customer order by c_custkey")]
    [InlineData("select octet_length(note), length(note) from customer order by c_custkey")]
    [InlineData("select position('b' in 'abc'), strpos('abc', 'c'), ascii('a')")]
    [InlineData("select count(*), count(c_name), sum(c_custkey), sum(c_custkey::int2), sum(c_custkey::int8), min(c_custkey), max(c_custkey) from customer")]
    [InlineData("select c_custkey, sum(c_custkey) over (order by c_custkey), ntile(2) over (order by c_custkey), row_number() over (order by c_custkey) from customer order by 1")]
    [InlineData("select count(distinct c_mktsegment), count(distinct c_flag), string_agg(c_name, ',' order by c_name) from customer")]
    [InlineData("select round(2.567, 2), round(2.5), round(2.5::float8), round(3.5::float8), round(-2.5::float8), abs(-3), abs(-3.5), mod(7, 3), mod(7.5, 2)")]
    [InlineData("select extract(year from now()) > 2000, date_part('year', now()) > 2000")]
    [InlineData("select date_trunc('month', o_orderdate), date_trunc('day', shipped), date_trunc('hour', shipped_tz) from customer order by c_custkey")]
    [InlineData("select o_orderdate - date '1995-01-01', o_orderdate + 1, shipped + interval '1 day', o_orderdate + interval '1 month' from customer order by c_custkey")]
    [InlineData("select generate_series(1, 3), generate_series(date '2020-01-01', date '2020-01-03', interval '1 day')")]
    [InlineData("select * from generate_series(date '2020-01-01', date '2020-01-02', interval '1 day')")]
    [InlineData("select bool_and(c_custkey > 0), bool_or(c_custkey > 3), every(c_custkey > 1) from customer")]
    [InlineData("select c_name like 'A%', c_name ilike 'a%', c_name not like '%n', c_name similar to 'A%', c_name not similar to '_o%', c_name ~ '^A', c_name ~* '^a' from customer order by c_custkey")]
    [InlineData("select 'a.c' similar to 'a.c', 'abc' similar to 'a.c', 'ab' similar to '(a|x)b', 'a%' similar to 'a\\%'")]
    [InlineData("select coalesce(c_custkey, 0), greatest(1, 2), least(3, 4), nullif(1, 1), 1 + 1, -1, true, 'x' from customer order by c_custkey")]
    [InlineData("select case when c_custkey > 2 then 'big' else 'small' end, case when true then 1 else c_custkey end, case c_flag when 'Y' then 1 end from customer order by c_custkey")]
    [InlineData("select (select max(c_custkey) from customer), exists (select 1), array(select 1), ints[1], 1::int::text from customer order by c_custkey")]
    [InlineData("select encode('\\x00ff5c41'::bytea, 'escape'), decode('a\\\\b\\000\\377c', 'escape'), decode('abc', 'escape'), decode('é', 'escape'), decode('', 'escape')")]
    [InlineData("select encode(decode(encode(note, 'escape'), 'escape'), 'hex') from customer order by c_custkey")]
    [InlineData("select avg(c_custkey), avg(c_custkey::int8), avg(1.5), avg(c_custkey::numeric(10,3)), avg(c_custkey::int2) from customer")]
    [InlineData("select c_flag, avg(c_custkey) as a from customer group by c_flag order by 2 desc")]
    [InlineData("select c_flag, avg(c_custkey) as a from customer group by c_flag order by a")]
    [InlineData("select avg(x::int8) from (values (1000000), (1), (2)) v(x)")]
    [InlineData("select avg(x::int8) from (values (123456789012), (2)) v(x)")]
    [InlineData("select avg(x::numeric(20,4)) from (values (-1.5), (0.0001), (2)) v(x)")]
    [InlineData("select avg(x::numeric(20,4)), avg(-x::numeric(20,4)) from (values (0.0001), (0.0002)) v(x)")]
    [InlineData("select avg(c_custkey) from customer where false")]
    [InlineData("select c_custkey, avg(c_custkey) over (order by c_custkey) from customer order by 1")]
    [InlineData("select c_flag, round(avg(c_custkey), 2) as r, avg(c_custkey) * 2 as d, coalesce(avg(c_custkey::numeric(10,2)), 0) as z from customer group by c_flag order by 1")]
    [InlineData("select c_custkey from customer where c_custkey > (select avg(c_custkey) from customer) order by 1")]
    [InlineData("select c_custkey, round(100.0 * c_custkey / 3, 2) as pct, round(c_custkey::numeric(10,2) / 7 * 7, 3) as back from customer order by 1")]
    [InlineData("select c_flag, count(*) from customer group by 1 having avg(c_custkey) > 1.5 order by 1")]
    [InlineData("select a from (select avg(c_custkey::int8) as a from customer) s")]
    [InlineData("select to_char(o_orderdate, 'YYYY-MM-DD'), to_char(shipped, 'YYYY-MM-DD HH24:MI:SS'), to_char(shipped, 'Mon DD, YYYY') from customer order by c_custkey")]
    [InlineData("select to_char(shipped, 'Month Day MON DY dy month FMMonth FMDay FMDD/FMMM HH12:MI:SS.MS.US AM Q DDD \"at\" YY') from customer order by c_custkey")]
    [InlineData("select to_char(shipped_tz, 'YYYY-MM-DD HH24:MI'), to_char(date_trunc('month', o_orderdate), 'YYYY-MM') from customer order by c_custkey")]
    [InlineData("select 1.5::numeric, 10::numeric, '2.50'::numeric, c_custkey::numeric, 0.001::numeric * 3, cast(7 as decimal) from customer order by c_custkey")]
    [InlineData("select c_custkey::numeric * 1.5, sum(c_custkey::numeric) over () from customer order by c_custkey")]
    [InlineData("select 1.0e10::float8::text, 0.1::float4::text, 1.5::float8::text, (-2)::float8::text, 'Infinity'::float8::text")]
    [InlineData("select 1e15::float8::text, (-1.5e16)::float8::text, 1234567890123456::float8::text, 1.5e-5::float8::text, 123456789012345678::float8::text")]
    [InlineData("select waited::text, interval '1 month'::text, interval '2 months 1 day'::text from customer order by c_custkey")]
    [InlineData("select 10.0 / 4, 10::numeric / 4, 1 / 3::numeric, 100.00 * sum(c_custkey::numeric(10,2)) / sum(c_custkey) from customer")]
    [InlineData("select c_flag, 100.00 * sum(case when c_custkey > 1 then c_custkey::numeric(12,2) * (1 - 0.05) else 0 end) / sum(c_custkey::numeric(12,2) * (1 - 0.05)) as promo from customer group by c_flag order by promo")]
    [InlineData("select c_custkey::numeric(10,2) / 7 as r, -c_custkey / 3.0 from customer order by r desc")]
    [InlineData("select 123456789012345678 / 7.0, 0.0 / 5, -1 / 3.000, sum(c_custkey * 2), sum(case when c_custkey > 1 then 1 else 0 end) from customer")]
    public async Task Select_FunctionsAndTypes_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select avg(c_custkey) * 2 as a, avg(c_custkey * 100000) * 2 as b, avg(c_custkey * 100000) + 0.5 as c, -avg(c_custkey) as d from customer")]
    [InlineData("select sum(c_custkey) / sum(c_custkey::numeric(10,2)) + 1 as a, sum(c_custkey::numeric(10,2)) / 30000 - 1 as b, 1 - 1 / 3.0 * 2 as c from customer")]
    [InlineData("select avg(c_custkey) / 7 as a, avg(c_custkey) / 7 * 100 as b, round(avg(c_custkey) / 7, 3) as c from customer")]
    [InlineData("select c_flag, avg(c_custkey) * c_flag_n as a from (select c_flag, c_custkey, 3 as c_flag_n from customer) s group by c_flag, c_flag_n order by 1")]
    [InlineData("select c_custkey::numeric / nullif(c_custkey, 1) as a, avg(c_custkey) * nullif(1, 1) as b, round(avg(c_custkey) + nullif(1, 1), 2) as c from customer group by c_custkey order by c_custkey")]
    [InlineData("select sum(x) / count(*) * 1 as a, round(avg(x), 2) as b, avg(x) - 1 as c from (select 12345678901234567890123456789::numeric(38,0) as x) v")]
    [InlineData("select c_custkey from customer where c_custkey::numeric / 3 > 0.33333333333333333 and 1.0 / c_custkey <> 0.3333333333333333 order by 1")]
    [InlineData("select c_flag, count(*) from customer group by c_flag having sum(c_custkey) / 3.0 >= 1.33333333333333333334 order by 1")]
    [InlineData("select sum(c_custkey::numeric / 3) as a, min(1.0 / c_custkey) as b, max(c_custkey / 7.0) as c, sum(c_custkey / 7.0) * 2 as d from customer")]
    [InlineData("select c_flag, sum(123456789012345678901234567::numeric / c_custkey) as a from customer group by c_flag order by c_flag")]
    public async Task Select_NestedNumericQuotients_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select stddev(c_custkey) as a, variance(c_custkey) as b, var_pop(c_custkey::numeric(10,3) * 1.5) as c, stddev_pop(c_custkey::int8) as d, var_samp(c_custkey::int2) as e, stddev_samp(c_custkey * 1234567.891) as f from customer")]
    [InlineData("select c_flag, round(stddev(c_custkey * 1.25), 2) as a, variance(c_custkey) as b from customer group by c_flag order by 1")]
    [InlineData("select stddev(c_custkey) as a, var_samp(c_custkey) as b, var_pop(c_custkey) as c from customer where c_custkey = 1")]
    [InlineData("select s.sd from (select stddev(c_custkey * 3.5) as sd from customer) s")]
    [InlineData("select variance(x) as a, stddev(x) as b from (values (1.5), (2.5), (2.5), (1000000000000.25)) v(x)")]
    public async Task Select_VarianceAndDeviationOfNumbers_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("set time zone '+05'; show timezone; select shipped_tz, shipped_tz::date as d, extract(hour from shipped_tz) as h from customer order by c_custkey")]
    [InlineData("set time zone -7; show timezone; select shipped_tz, shipped_tz::date as d from customer order by c_custkey")]
    [InlineData("set timezone = 'UTC+3'; show timezone; select shipped_tz, date_trunc('day', shipped_tz) as t from customer order by c_custkey")]
    [InlineData("set timezone = '<+04>-4'; show timezone; select shipped_tz from customer order by c_custkey")]
    [InlineData("set timezone = 'cet'; show timezone; select shipped_tz from customer order by c_custkey")]
    [InlineData("set timezone = 'america/new_york'; show timezone; select shipped_tz from customer order by c_custkey")]
    public async Task Select_TimeZoneOffsetsAndNames_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("set datestyle = 'SQL, DMY'; select o_orderdate, shipped, shipped_tz, array[o_orderdate] as a from customer order by c_custkey")]
    [InlineData("set datestyle = 'SQL'; set timezone = 'America/New_York'; select o_orderdate, shipped, shipped_tz from customer order by c_custkey")]
    [InlineData("set datestyle = 'German'; set timezone = 'Europe/Paris'; select o_orderdate, shipped, shipped_tz, timestamptz '2024-07-01 10:00:00.5+00' as summer from customer order by c_custkey")]
    [InlineData("set datestyle = 'Postgres, MDY'; set timezone = 'Asia/Kolkata'; select o_orderdate, shipped, shipped_tz from customer order by c_custkey")]
    [InlineData("set datestyle = 'Postgres, DMY'; set timezone = 'Asia/Tashkent'; select o_orderdate, shipped, shipped_tz, timestamptz '2060-01-01 00:00+00' as later from customer order by c_custkey")]
    [InlineData("set datestyle = 'YMD'; show datestyle")]
    [InlineData("set datestyle = 'German'; show datestyle")]
    public async Task Select_DateStyles_PrintAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select s.avg from (select avg(c_custkey * 1234567) as avg from customer) s")]
    [InlineData("select \"source\".\"q\" as \"q\" from (select c_custkey, c_custkey * 12345678.91 / 3 as \"q\" from customer) \"source\" order by \"source\".\"c_custkey\" limit 1048575")]
    [InlineData("select * from (select c_custkey, c_custkey * 12345678.91 / 7 as q, avg(c_custkey) over () as a from customer) as virtual_table order by 2 desc limit 3")]
    [InlineData("with w (k, q) as (select c_custkey, c_custkey * 12345678.91 / 7 from customer) select q, k from w where q > 1763668.416 order by q")]
    [InlineData("select q * 2 as a, -q as b, round(q, 3) as c, abs(q) as d, sum(q) over () as e from (select c_custkey * 12345678.91 / 7 as q from customer) s order by 1")]
    [InlineData("select sum(q) as a, min(q) as b, max(q) as c, count(*) filter (where q < 5000000) as d from (select c_custkey * 12345678.91 / 7 as q from customer) s")]
    [InlineData("select k from (select c_custkey as k, c_custkey * 12345678.91 / 7 as q from customer) s order by q desc")]
    [InlineData("select abs(c_custkey * -12345678.91 / 7) as a, (c_custkey * 12345678.91 / 7)::text as b, cast(c_custkey / 3.0 as varchar) as c from customer order by c_custkey")]
    public async Task Select_QuotientsThroughDerivedTables_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("values (1.5), (2.25), (1.50), (null), (3)")]
    [InlineData("select 1.5 as a, 'x' as b union all select 2.250, 'y' union all select 3, null")]
    [InlineData("select 1.5 as a intersect select 1.5")]
    [InlineData("select 1.5 union all select 2.25 union all values (1e3), (-0.0), (.5), (1.50e1), (-1.5e-2)")]
    [InlineData("values (10000000000, 1.5), (1, 2.25) limit 1")]
    [InlineData("select 1.5 except select 2.25")]
    [InlineData("values (1.5, null), (2.25, null)")]
    public async Task Select_NumberConstantsInValuesAndUnions_KeepTheirScales(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select c_custkey::numeric(10,2) as a, c_custkey::numeric(10,2) * 2 as b, sum(c_custkey::numeric(10,2)) as c, round(c_custkey::numeric(10,2), 1) as d from customer group by c_custkey order by 1")]
    [InlineData("select coalesce(c_name, c_name) as a, coalesce(c_name, 'x') as b, case when c_custkey > 1 then c_name else c_name end as c, case when c_custkey > 1 then c_name end as d from customer order by c_custkey")]
    [InlineData("select coalesce(c_mktsegment, c_mktsegment) as a, coalesce(c_mktsegment, 'x') as b, case when c_custkey > 1 then c_mktsegment else 'y' end as c from customer order by c_custkey")]
    [InlineData("select coalesce(c_custkey::numeric(10,2), c_custkey::numeric(10,2)) as a, coalesce(c_custkey::numeric(10,2), 0) as b, case when c_custkey > 1 then c_phone else c_mktsegment end as c, coalesce(c_flag, c_flag) as d from customer order by c_custkey")]
    public async Task Select_ResultTypmods_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select waited / 2 as a, waited * 2 as b, waited * 1.5 as c, interval '1 day' / 3 as d, 2 * waited as e from customer order by c_custkey")]
    [InlineData("select interval '1 mon' / 3 as a, interval '1 mon 1 day' * 0.7 as b, waited * -0.5 as c, waited / c_custkey as d, waited * c_custkey::float8 / 7 as e from customer order by c_custkey")]
    public async Task Select_IntervalTimesNumber_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select c_custkey from customer where c_name <> all (array['Ann', 'Bob']) order by 1")]
    [InlineData("select c_custkey from customer where c_name = any (array['Ann', 'Cy']) order by 1")]
    [InlineData("select c_custkey, c_mktsegment = any (array['BUILDING', 'X']) as b from customer order by 1")]
    [InlineData("select 'a' = any (array['a', 'b']) as a, 'c' <> all (array['a', 'b']) as b")]
    [InlineData("select c_custkey from customer where c_name = any ('{Ann,Cy}') order by 1")]
    [InlineData("select c_custkey from customer where c_custkey <> all ('{1,3}') order by 1")]
    [InlineData("select c_custkey from customer where c_mktsegment <> all (array['BUILDING']) order by 1")]
    [InlineData("select c_custkey from customer where c_mktsegment = any ('{BUILDING}') order by 1")]
    [InlineData("select 'a' = any ('{a,b}') as a, 1 = any ('{1,2}') as b, 'x' <> all ('{a,b}') as c, 'a' = any (array[null, 'a']) as d")]
    [InlineData("select c_custkey from customer where c_phone = any (array['99-1 ', 'x']) order by 1")]
    public async Task Select_AnyAllOfUntypedConstant_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select avg(x) from (values (1), (2)) v(x)")]
    [InlineData("select avg(x), sum(x), x / 2 as h, y, y || 'z' as z from (values (1.50, 'a'), (2.25, 'b')) v(x, y) group by x, y order by x")]
    [InlineData("select case when c_custkey > 2 then 1.5 else 2.25 end as a, coalesce(case when c_custkey > 2 then 1.5 end, 2.250) as b, case c_custkey when 1 then 1 when 2 then 0.5 end as c from customer order by c_custkey")]
    [InlineData("select greatest(1.5, 2.25) as a, least(1.5, 2.25) as b, coalesce(null::numeric, 2.25, 1.5) as c")]
    public async Task Select_UntypedValues_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select row(1, 'abc') as r, (1, 'x y', null) as s, row(c_custkey, c_name) as t from customer order by c_custkey")]
    [InlineData("select row('a\"b', '', 'x,y', 'p\\q', 1.50, date '2020-01-02', true) as r, row(c_name, o_orderdate, ints, note) as s from customer order by c_custkey")]
    [InlineData("select array[[1, 2], [3, 4]] as a, array[[['a b', null]], [['c', 'd']]] as b, array[[1.50], [2.25]] as c")]
    [InlineData("select array_agg(ints) from (select array[c_custkey, c_custkey * 2] as ints from customer) s")]
    [InlineData("select row(c_custkey, c_mktsegment, c_flag, c_name) as r, (c_phone, row('ab'::char(4), c_flag)) as s from customer order by c_custkey")]
    public async Task Select_RowsAndNestedArrays_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
    }

    [Theory]
    [InlineData("select 1 / 0")]
    [InlineData("select 1 / 0.0")]
    [InlineData("select 1.0::float8 / 0")]
    [InlineData("select 5 % 0")]
    [InlineData("select c_custkey / (c_custkey - 1) from customer")]
    [InlineData("select extract(hour from o_orderdate) from customer")]
    [InlineData("select '{1,2'::int[]")]
    [InlineData("select '{1,\"2}'::int[]")]
    [InlineData("select decode('a\\b', 'escape')")]
    [InlineData("select c_custkey::numeric / (c_custkey - 1) from customer")]
    [InlineData("select waited / (c_custkey - 1) from customer")]
    public async Task Select_Error_SameSqlStateAsPostgres(string sql)
    {
        var expected = await _answers.PrimarySqlStateAsync(sql);
        var actual = await _answers.NodeSqlStateAsync(sql);

        Assert.NotNull(expected);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("select array['a'::char(3), 'bc'::char(3), null]")]
    [InlineData("select array_agg(c_mktsegment order by c_custkey), array_agg(c_flag order by c_custkey) from customer")]
    public async Task Select_CharArrays_PrintsAsPostgres(string sql)
    {
        Assert.Equal(await Psql.QueryAsync(_primary, sql), await Psql.QueryAsync(_node.Endpoint(), sql));
    }

    [Theory]
    [InlineData("select to_char(1234.5, '9G999D99')")]
    [InlineData("select to_char(c_custkey, 'RN') from customer")]
    [InlineData("select to_char(shipped, 'IYYY-IW') from customer")]
    [InlineData("select '{{1,2},{3,4}}'::int[]")]
    public async Task Select_NoDuckDbCounterpart_FeatureNotSupported(string sql)
    {
        Assert.Null(await _answers.PrimarySqlStateAsync(sql));
        Assert.Equal("0A000", await _answers.NodeSqlStateAsync(sql));
    }

    [Fact]
    public async Task Select_AverageInBinary_ReadsAsPostgresNumeric()
    {
        const string sql = "select avg(c_custkey), avg(c_custkey::numeric(10,2)) filter (where c_custkey > 1) from customer";
        await using var expected = await postgres.Server.OpenConnectionAsync(_database);
        await using var actual = await _node.OpenAsync();
        Assert.Equal(await ValuesAsync(expected, sql), await ValuesAsync(actual, sql));
    }

    [Theory]
    [InlineData("select * from (select c_custkey * 12345678.91 / 7 as q from customer where c_custkey = 3) s")]
    [InlineData("values (1.5), (2.25)")]
    public async Task Select_ExactNumericTextInBinary_ReadsAsPostgresNumeric(string sql)
    {
        await using var expected = await postgres.Server.OpenConnectionAsync(_database);
        await using var actual = await _node.OpenAsync();
        Assert.Equal(await ValuesAsync(expected, sql), await ValuesAsync(actual, sql));
    }

    [Fact]
    public async Task Select_NestedArrayInBinary_ReadsAsPostgresArray()
    {
        const string sql = "select array[[1, 2], [3, null]]";
        await using var expected = await postgres.Server.OpenConnectionAsync(_database);
        await using var actual = await _node.OpenAsync();
        Assert.Equal(await ArrayAsync(expected, sql), await ArrayAsync(actual, sql));
    }

    [Fact]
    public async Task Select_RecordInBinary_ReadsAsPostgresRecord()
    {
        const string sql = "select row(c_custkey, c_name, c_mktsegment, o_orderdate, ints, 1.50, row(c_flag, true)) as r from customer order by c_custkey";
        await using var expected = await postgres.Server.OpenConnectionAsync(_database);
        await using var actual = await _node.OpenAsync(typeLoading: true);
        Assert.Equal(await RecordsAsync(expected, sql), await RecordsAsync(actual, sql));
    }

    /// <summary>Each row's record read by Npgsql both as an object and as object[], its fields with their .NET types.</summary>
    private static async Task<List<string>> RecordsAsync(NpgsqlConnection connection, string sql)
    {
        static string Show(object? value) => value switch
        {
            object[] fields => $"({string.Join(",", fields.Select(Show))})",
            Array array => $"{{{string.Join(",", array.Cast<object?>().Select(Show))}}}",
            DBNull or null => "null",
            _ => $"{value}:{value.GetType().Name}",
        };

        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetDataTypeName(0)} {Show(reader.GetValue(0))} {Show(reader.GetFieldValue<object[]>(0))}");
        }

        return rows;
    }

    private static async Task<int?[,]> ArrayAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetFieldValue<int?[,]>(0);
    }

    private static async Task<string> ValuesAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetDataTypeName(i)}:{reader.GetDecimal(i)}"));
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
}
