using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Postgres;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Sql;

/// <summary>
/// String trimming, div and justify_*, inet and cidr, and percentiles: the same SELECT on PostgreSQL 15 and on a node
/// serving the same rows as the replicator stores them (inet and cidr as PostgreSQL's text of the value).
/// </summary>
public sealed class PostgresFunctionAnswersTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const string PrimarySchema = """
        create table customer (c_custkey integer primary key, c_name varchar(25), c_mktsegment char(10), c_balance numeric(12,2),
            c_span interval);
        insert into customer values (1, '  Ann ', 'BUILDING', 10.50, '27 hours'), (2, 'xBobx', 'AUTOMOBILE', -3.00, '1 mon -1 hour'),
            (3, 'Cy', null, 3349.185, '-35 days 30 hours'), (4, null, null, null, null);
        create table host (h_id integer primary key, h_addr inet, h_net cidr);
        insert into host values (1, '10.0.0.1', '10.0.0.0/8'), (2, '192.168.1.5/24', '192.168.1.0/24'),
            (3, '172.16.0.0/12', '172.16.0.0/12'), (4, null, null), (5, '10.1.2.3/16', '10.1.0.0/16');
        create table sale (s_id integer primary key, s_region integer, s_amount numeric(12,3), s_qty integer, s_price float8);
        insert into sale values (1, 1, 3349.180, 3, 1.5), (2, 1, 3349.190, 4, 2.25), (3, 2, 10.001, 7, null), (4, 2, 12.5, 8, 0.1),
            (5, 2, null, null, 7);
        """;

    private const string NodeSchema = """
        create table customer (c_custkey integer primary key, c_name varchar, c_mktsegment varchar, c_balance decimal(12,2),
            c_span interval);
        insert into customer values (1, '  Ann ', 'BUILDING', 10.50, interval '27 hours'), (2, 'xBobx', 'AUTOMOBILE', -3.00, interval '1 month -1 hour'),
            (3, 'Cy', null, 3349.185, interval '-35 days 30 hours'), (4, null, null, null, null);
        create table host (h_id integer primary key, h_addr varchar, h_net varchar);
        insert into host values (1, '10.0.0.1', '10.0.0.0/8'), (2, '192.168.1.5/24', '192.168.1.0/24'),
            (3, '172.16.0.0/12', '172.16.0.0/12'), (4, null, null), (5, '10.1.2.3/16', '10.1.0.0/16');
        create table sale (s_id integer primary key, s_region integer, s_amount decimal(12,3), s_qty integer, s_price double);
        insert into sale values (1, 1, 3349.180, 3, 1.5), (2, 1, 3349.190, 4, 2.25), (3, 2, 10.001, 7, null), (4, 2, 12.5, 8, 0.1),
            (5, 2, null, null, 7);
        create schema htap_meta;
        create table htap_meta.column_types (schema_name varchar, table_name varchar, column_name varchar, type_oid integer, typmod integer);
        insert into htap_meta.column_types values ('main', 'customer', 'c_name', 1043, 29), ('main', 'customer', 'c_mktsegment', 1042, 14),
            ('main', 'host', 'h_addr', 869, -1), ('main', 'host', 'h_net', 650, -1);
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
    [InlineData("select trim('  ab  ')")]
    [InlineData("select trim(both 'x' from 'xxabxx'), trim(leading 'x' from 'xxabxx'), trim(trailing 'x' from 'xxabxx')")]
    [InlineData("select trim(both from '  a  '), trim(leading from '  a  '), trim(trailing from '  a  '), trim(from '  a  ')")]
    [InlineData("select btrim('xyabyx', 'xy'), btrim('  a  '), ltrim('  a  '), rtrim('  a  '), ltrim('xxa', 'x'), rtrim('axx', 'x')")]
    [InlineData("select '[' || trim(E'\\t a \\n') || ']', '[' || ltrim(E'\\ta') || ']'")]
    [InlineData("select c_custkey, '[' || trim(c_name) || ']', trim(both 'x' from c_name), ltrim(c_name), rtrim(c_name, 'x') from customer order by 1")]
    [InlineData("select trim(c_mktsegment), btrim(c_mktsegment, 'BG') from customer order by c_custkey")]
    [InlineData("select c_custkey from customer where trim(c_name) = 'Ann'")]
    [InlineData("select trim(null), btrim('a', null), pg_catalog.btrim(' a ')")]
    public async Task Select_Trim_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
        await _answers.AssertSameBinaryValuesAsync(sql);
    }

    [Theory]
    [InlineData("select div(9, 4), div(-9, 4), div(9.5, 2.1), div(-7.5, -2), div(0.9999999999999999999999, 1)")]
    [InlineData("select c_custkey, div(c_balance, 3), div(c_custkey, 2) from customer order by 1")]
    [InlineData("select justify_hours(interval '27 hours'), justify_hours(interval '-27 hours 10 min'), justify_hours(interval '1 day -1 hour')")]
    [InlineData("select justify_days(interval '35 days'), justify_days(interval '-35 days'), justify_days(interval '1 mon -40 days')")]
    [InlineData("select justify_interval(interval '1 mon -1 hour'), justify_interval(interval '-1 mon 1 hour'), justify_interval(interval '40 days 30 hours')")]
    [InlineData("select c_custkey, justify_hours(c_span), justify_days(c_span), justify_interval(c_span) from customer order by 1")]
    public async Task Select_DivAndJustify_AnswersAsPostgres(string sql)
    {
        // Npgsql reads no interval of months as a TimeSpan, so the text and the types only.
        await _answers.AssertSameAnswerAsync(sql);
        if (!sql.Contains("justify", StringComparison.Ordinal))
        {
            await _answers.AssertSameBinaryValuesAsync(sql);
        }
    }

    [Fact]
    public async Task Select_DivByZero_FailsAsPostgres()
    {
        const string sql = "select div(1, 0)";
        Assert.Equal(await _answers.PrimarySqlStateAsync(sql), await _answers.NodeSqlStateAsync(sql));
    }

    [Theory]
    [InlineData("select h_id, h_addr, h_net from host order by h_id")]
    [InlineData("select h_id, host(h_addr), family(h_addr), masklen(h_addr), network(h_addr), broadcast(h_addr), netmask(h_addr) from host order by h_id")]
    [InlineData("select h_id, text(h_addr), h_addr::text, text(h_net), h_net::text, abbrev(h_addr), abbrev(h_net), hostmask(h_addr) from host order by h_id")]
    [InlineData("select h_id, set_masklen(h_addr, 8), set_masklen(h_net, 8), masklen(h_net), host(h_net) from host order by h_id")]
    [InlineData("select '10.0.0.1'::inet, '10.0.0.1'::inet::text, '10.0.0.1/32'::inet, '192.168.0.0/16'::cidr, '10.1.2.3/8'::inet::cidr")]
    [InlineData("select '::1'::inet, '2001:db8::1/64'::inet, host('2001:db8::1/64'::inet), family('::1'::inet), network('2001:db8::1/64'::inet)")]
    [InlineData("select abbrev('10.1.0.0/16'::cidr), abbrev('0.0.0.0/0'::cidr), abbrev('10.0.0.1/8'::inet), abbrev('10.0.0.0/12'::cidr)")]
    [InlineData("select h_id from host where h_addr << '10.0.0.0/8' order by h_id")]
    [InlineData("select h_id from host where h_addr <<= h_net order by h_id")]
    [InlineData("select h_id from host where h_net >> '10.0.0.1'::inet order by h_id")]
    [InlineData("select h_id from host where h_net >>= h_addr and h_addr && '10.0.0.0/8' order by h_id")]
    [InlineData("select h_id from host where h_addr = '10.0.0.1' or h_addr > '172.0.0.0' order by h_id")]
    [InlineData("select h_id, h_addr < h_net, h_addr = h_net, h_addr >= '10.1.2.3/16' from host order by h_id")]
    [InlineData("select '10.0.0.0/8'::inet < '10.0.0.0/16'::inet, '10.1.0.0/8'::inet < '10.0.0.0/16'::inet, '::1'::inet > '255.0.0.1'::inet")]
    public async Task Select_Inet_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
        await _answers.AssertSameBinaryValuesAsync(sql);
    }

    [Theory]
    [InlineData("select '10.0.0.1/8'::cidr")]
    [InlineData("select 'nonsense'::inet")]
    [InlineData("select set_masklen(h_addr, 40) from host")]
    public async Task Select_BadInet_FailsAsPostgres(string sql) =>
        Assert.Equal(await _answers.PrimarySqlStateAsync(sql), await _answers.NodeSqlStateAsync(sql));

    [Fact]
    public async Task Select_AbbrevOfIPv6Network_IsNotSupported() =>
        Assert.Equal("0A000", await _answers.NodeSqlStateAsync("select abbrev('2001:db8::/32'::cidr)"));

    [Theory]
    [InlineData("select percentile_cont(0.5) within group (order by s_amount) from sale")]
    [InlineData("select s_region, percentile_cont(0.25) within group (order by s_amount), percentile_disc(0.5) within group (order by s_amount) from sale group by 1 order by 1")]
    [InlineData("select percentile_cont(0.5) within group (order by s_qty), percentile_cont(0.3) within group (order by s_price desc) from sale")]
    [InlineData("select percentile_disc(0.5) within group (order by s_qty), percentile_disc(0.9) within group (order by s_price) from sale")]
    [InlineData("select percentile_cont(0.5) within group (order by s_amount) filter (where s_region = 1) from sale")]
    public async Task Select_Percentiles_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
        await _answers.AssertSameBinaryValuesAsync(sql);
    }

    [Theory]
    [InlineData("select to_char(1234567.891, 'FM999,999,999.00'), to_char(1234.5, '999,999.99'), to_char(-1234.5, '999,999.99'), to_char(5, '0000')")]
    [InlineData("select to_char(-5, '0000'), to_char(-5, '999'), to_char(0, '999'), to_char(0, 'FM999'), to_char(7, 'FM9990.0'), to_char(0, 'FM9990.0')")]
    [InlineData("select to_char(1.5, 'FM999.99'), to_char(1, 'FM999.99'), to_char(1.005, '9.99'), to_char(-1.005, '9.99'), to_char(12, '9,999')")]
    [InlineData("select to_char(0.5, '9.99'), to_char(-0.5, '9.99'), to_char(0.5, '0.99'), to_char(0.5, 'FM0.99'), to_char(0.5, 'FM9.99'), to_char(0, '999.99')")]
    [InlineData("select to_char(123, '999'), to_char(123, 'FM999,999'), to_char(1234, '9,999'), to_char(-1234, 'FM9,999'), to_char(42, '09,999')")]
    [InlineData("select s_id, to_char(s_amount, 'FM999,999.00'), to_char(s_amount, '99999.9'), to_char(s_qty, '000') from sale order by 1")]
    public async Task Select_ToCharOfNumber_AnswersAsPostgres(string sql)
    {
        await _answers.AssertSameAnswerAsync(sql);
        await _answers.AssertSameBinaryValuesAsync(sql);
    }
}
