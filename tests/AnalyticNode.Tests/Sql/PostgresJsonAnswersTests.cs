using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Postgres;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Sql;

/// <summary>
/// json and jsonb on PostgreSQL 15 and on a node serving the same rows as the replicator stores them (json as
/// written, jsonb as jsonb_out prints it): operators, casts and functions print the same text with the same types.
/// </summary>
public sealed class PostgresJsonAnswersTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const string PrimarySchema = """
        create table doc (id integer primary key, j json, b jsonb);
        insert into doc values
            (1, '{"b":  [1, 2.50, {"x": null}], "a": "t\u00e9\"q", "n": null}', '{"b":  [1, 2.50, {"x": null}], "a": "t\u00e9\"q", "n": null}'),
            (2, '[10, "s", true, {"k": 1e2}]', '[10, "s", true, {"k": 1e2}]'),
            (3, '"plain"', '"plain"'),
            (4, null, null);
        """;

    private const string NodeSchema = """
        create table doc (id integer primary key, j JSON, b JSON);
        insert into doc values
            (1, '{"b":  [1, 2.50, {"x": null}], "a": "t\u00e9\"q", "n": null}', '{"a": "té\"q", "b": [1, 2.50, {"x": null}], "n": null}'),
            (2, '[10, "s", true, {"k": 1e2}]', '[10, "s", true, {"k": 100}]'),
            (3, '"plain"', '"plain"'),
            (4, null, null);
        create schema htap_meta;
        create table htap_meta.column_types (schema_name varchar, table_name varchar, column_name varchar, type_oid integer, typmod integer);
        insert into htap_meta.column_types values ('main', 'doc', 'j', 114, -1), ('main', 'doc', 'b', 3802, -1);
        """;

    private NodeHost _node = null!;
    private PrimaryAndNode _answers = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync();
        await postgres.Server.ExecuteAsync(PrimarySchema, _database);
        _node = await NodeHost.CreateAsync(NodeSchema);
        _answers = new PrimaryAndNode(postgres.Server, _database, _node);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData("select id, j, b from doc order by id")]
    [InlineData("select id, j -> 'b' as jb, b -> 'b' as bb, j ->> 'a' as ja, b ->> 'a' as ba from doc order by id")]
    [InlineData("select id, j -> 1, b -> 1, j ->> 1, b ->> 3, b -> -1 from doc order by id")]
    [InlineData("select id, j -> 'n', j ->> 'n', b -> 'missing', b ->> 'n' from doc order by id")]
    [InlineData("select id, j #> '{b,2}', b #> '{b,2}', j #>> '{b,1}', b #>> '{b,1}', b #> '{}' from doc order by id")]
    [InlineData("select id, b #> array['b', '0'], b #>> '{3,k}' from doc order by id")]
    [InlineData("select (b -> 'b') -> 2 -> 'x' as x, j -> 'b' -> 0 from doc where id = 1")]
    public async Task Select_JsonOperators_AnswersAsPostgres(string sql) => await _answers.AssertSameAnswerAsync(sql);

    [Theory]
    [InlineData("select id, b @> '{\"a\": \"té\\\"q\"}', b @> '[10]', b @> '10', '{\"b\": [2.5]}' <@ b from doc order by id")]
    [InlineData("select id, b ? 'a', b ? 's', b ?| array['x', 'n'], b ?& array['a', 'b'], b ?| '{s}' from doc order by id")]
    [InlineData("select id from doc where b @> '{\"b\": [{\"x\": null}]}' order by id")]
    public async Task Select_JsonbTests_AnswersAsPostgres(string sql) => await _answers.AssertSameAnswerAsync(sql);

    [Theory]
    [InlineData("select '{\"b\": 1, \"aa\": [1,2.0,1e-2], \"a\": {\"z\":-0}, \"a\": \"dup\"}'::jsonb as v")]
    [InlineData("select '{\"b\":  1}'::json as v, '[1,  2]'::jsonb as w, 'null'::jsonb as x, '\"a\\u0001\\n\"'::jsonb as y")]
    [InlineData("select ('{\"a\": {\"b\": [1, 2]}}'::jsonb -> 'a')::text as t")]
    [InlineData("select '{\"a\": 1}'::jsonb ->> 'a' as a, '[1, 2]'::json -> 0 as z")]
    public async Task Select_JsonCasts_AnswersAsPostgres(string sql) => await _answers.AssertSameAnswerAsync(sql);

    [Theory]
    [InlineData("select id, jsonb_typeof(b), json_typeof(j) from doc order by id")]
    [InlineData("select id, jsonb_array_length(b -> 'b'), json_array_length(j -> 'b') from doc where id = 1")]
    [InlineData("select id, jsonb_extract_path(b, 'b', '2'), jsonb_extract_path_text(b, 'a'), json_extract_path(j, 'b', '0') from doc order by id")]
    [InlineData("select id, jsonb_strip_nulls(b) from doc order by id")]
    [InlineData("select id, jsonb_pretty(b) from doc order by id")]
    [InlineData("select jsonb_pretty('{\"a\": [], \"b\": {}, \"c\": [1, {\"d\": 2}]}'::jsonb)")]
    public async Task Select_JsonFunctions_AnswersAsPostgres(string sql) => await _answers.AssertSameAnswerAsync(sql);

    [Theory]
    [InlineData("select json_build_object('a', 1, 'b', 'x\"y', 'c', null, 'd', true, 'e', 1.50) as o, json_build_object() as e")]
    [InlineData("select jsonb_build_object('b', 1, 'a', 'x', 'c', null, 'a', 2.0) as o, jsonb_build_object() as e")]
    [InlineData("select json_build_array(1, 'a', null, false) as a, jsonb_build_array(1, 'a', null) as b, json_build_array() as c")]
    [InlineData("select id, json_build_object('id', id, 'j', j, 'b', b) as o, jsonb_build_array(id, b) as a from doc order by id")]
    [InlineData("select to_json('a\"b'::text) as t, to_jsonb(1.50) as n, to_json(id) as i, to_jsonb(b) as b from doc order by id")]
    [InlineData("select json_agg(id order by id desc) as a, jsonb_agg(id) as b, json_agg(b order by id) as c from doc")]
    [InlineData("select json_agg(id) filter (where id > 10) as a, json_object_agg('k' || id, b order by id) as o from doc")]
    [InlineData("select jsonb_object_agg('k' || id, id) as o from doc")]
    [InlineData("select row_to_json(d) as r from doc d order by id")]
    [InlineData("select row_to_json(row(1, 'a', null)) as r, row_to_json(x) from (select 1 as a, 'q'::text as b) x")]
    public async Task Select_JsonConstructors_AnswersAsPostgres(string sql) => await _answers.AssertSameAnswerAsync(sql);

    [Theory]
    [InlineData("select id, jsonb_array_elements(b -> 'b') from doc where id = 1")]
    [InlineData("select id, json_array_elements(j), jsonb_array_elements_text(b) from doc where id = 2")]
    [InlineData("select id, jsonb_object_keys(b), json_object_keys(j) as k from doc where id = 1")]
    [InlineData("select id, e.value, e.n from doc, jsonb_array_elements(b) with ordinality e(value, n) where id = 2 order by n")]
    [InlineData("select * from json_array_elements_text('[1, \"a\", null, {\"b\":  2}]') with ordinality")]
    [InlineData("select d.id, k, v from doc d, jsonb_each(d.b) as e(k, v) where d.id = 1 order by k")]
    [InlineData("select * from json_each('{\"b\":  [1, 2], \"a\": \"x\"}')")]
    [InlineData("select * from jsonb_each_text('{\"b\":  [1, 2], \"a\": \"x\", \"n\": null}')")]
    [InlineData("select k from jsonb_object_keys('{\"bb\": 1, \"a\": 2}') k")]
    public async Task Select_JsonSets_AnswersAsPostgres(string sql) => await _answers.AssertSameAnswerAsync(sql);

    [Theory]
    [InlineData("select to_json(now())")]
    [InlineData("select b #> (select '{a}') from doc")]
    public async Task Select_JsonNotAnswerable_FeatureNotSupported(string sql)
    {
        await using var connection = await _node.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
        Assert.Equal("0A000", error.SqlState);
    }

    [Theory]
    [InlineData("select id, b, b -> 'b', j #> '{b}' from doc order by id")]
    public async Task Select_Json_BinaryValuesAsPostgres(string sql)
    {
        await using var expected = await postgres.Server.OpenConnectionAsync(_database);
        await using var actual = await _node.OpenAsync(typeLoading: true);
        Assert.Equal(await PrimaryAndNode.BinaryValuesAsync(expected, sql), await PrimaryAndNode.BinaryValuesAsync(actual, sql));
    }
}
