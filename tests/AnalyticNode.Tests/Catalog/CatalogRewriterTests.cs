using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.AnalyticNode.Configuration;
using HtapRouter.AnalyticNode.Sessions;
using HtapRouter.AnalyticNode.Sql;
using HtapRouter.PgQuery;
using HtapRouter.PgWire.Protocol;
using HtapRouter.Replicator;
using Microsoft.Extensions.Options;

namespace HtapRouter.AnalyticNode.Tests.Catalog;

/// <summary>The rewrite of PostgreSQL-only SQL on the parse tree, checked on the deparsed text DuckDB receives.</summary>
public class CatalogRewriterTests
{
    private readonly QueryRewriter _rewriter;
    private readonly SessionSettings _settings = new(NodeSettings.Create("15.0", "UTC"), "postgres", []) { Database = "postgres" };

    public CatalogRewriterTests()
    {
        var contents = new CatalogContents();
        contents.Set(["pg_class", "pg_namespace", "pg_type"], ["tables", "columns"], ["format_type", "pg_table_is_visible"]);
        _rewriter = new QueryRewriter(
            new StandbyFunctions(new ReplicationProgress(), Options.Create(new AnalyticNodeOptions())), new CatalogRewriter(contents),
            new RelationColumns(new ReplicationProgress()));
    }

    private string Rewrite(string sql) => _rewriter.Rewrite(PgParser.Parse(sql).Statements[0], _settings);

    [Theory]
    [InlineData("SELECT relname FROM pg_catalog.pg_class", "SELECT relname FROM htap_catalog.main.pg_class")]
    [InlineData("SELECT relname FROM pg_class c", "SELECT relname FROM htap_catalog.main.pg_class c")]
    [InlineData("SELECT * FROM information_schema.tables", "SELECT * FROM htap_catalog.information_schema_pg.tables")]
    [InlineData("SELECT * FROM public.test", "SELECT * FROM main.test")]
    [InlineData("SELECT * FROM pg_catalog.pg_stat_wal", "SELECT * FROM pg_catalog.pg_stat_wal")]
    public void Rewrite_CatalogRelation_GoesToTheCatalogItAnswers(string sql, string expected)
    {
        Assert.Equal(expected, Rewrite(sql));
    }

    [Fact]
    public void Rewrite_CteNamedLikeCatalogRelation_KeepsTheCte()
    {
        Assert.Equal("WITH pg_class AS (SELECT 1 AS x) SELECT x FROM pg_class", Rewrite("WITH pg_class AS (SELECT 1 AS x) SELECT x FROM pg_class"));
    }

    [Theory]
    [InlineData("SELECT 1 AS one WHERE 'abc' ~ '^a'", "SELECT 1 AS one WHERE regexp_matches('abc', '^a')")]
    [InlineData("SELECT 1 AS one WHERE 'abc' !~ '^a'", "SELECT 1 AS one WHERE NOT regexp_matches('abc', '^a')")]
    [InlineData("SELECT 1 AS one WHERE 'abc' ~* '^A'", "SELECT 1 AS one WHERE regexp_matches('abc', '^A', 'i')")]
    [InlineData("SELECT 1 AS one WHERE 'abc' !~* '^A'", "SELECT 1 AS one WHERE NOT regexp_matches('abc', '^A', 'i')")]
    [InlineData("SELECT 1 AS one WHERE 'abc' OPERATOR(pg_catalog.~) '^(abc)$' COLLATE pg_catalog.default",
        "SELECT 1 AS one WHERE regexp_matches('abc', '^(abc)$')")]
    [InlineData("SELECT 1 AS one WHERE 1 OPERATOR(pg_catalog.=) 1", "SELECT 1 AS one WHERE 1 = 1")]
    [InlineData("SELECT 'a' COLLATE \"C\" AS a", "SELECT 'a' AS a")]
    public void Rewrite_PostgresOperatorsAndCollations_BecomeDuckDbs(string sql, string expected)
    {
        Assert.Equal(expected, Rewrite(sql));
    }

    [Theory]
    [InlineData("SELECT pg_catalog.format_type(23, -1)", "SELECT htap_catalog.main.format_type(23, -1) AS format_type")]
    [InlineData("SELECT format_type(23, NULL)", "SELECT htap_catalog.main.format_type(23, NULL) AS format_type")]
    [InlineData("SELECT pg_catalog.lower('A')", "SELECT lower('A') AS lower")]
    [InlineData("SELECT 'test'::regclass", "SELECT htap_catalog.main.regclass_in('test') AS regclass")]
    [InlineData("SELECT c.oid::pg_catalog.regclass FROM t c", "SELECT htap_catalog.main.regclass_out(c.oid) AS oid FROM t c")]
    [InlineData("SELECT 'int4'::regtype", "SELECT 23 AS regtype")]
    [InlineData("SELECT t.oid::regtype::text FROM t", "SELECT htap_catalog.main.regtype_out(t.oid)::text AS oid FROM t")]
    [InlineData("SELECT 'x'::pg_catalog.name, 'c'::\"char\"", "SELECT 'x'::\"varchar\" AS name, 'c'::\"varchar\" AS \"char\"")]
    [InlineData("SELECT s FROM generate_series(1::int8, 3) s", "SELECT s FROM generate_series(1::int8, 3) s(s)")]
    public void Rewrite_CatalogFunctionsAndCasts_UseTheCatalog(string sql, string expected)
    {
        Assert.Equal(expected, Rewrite(sql));
    }

    [Fact]
    public void Rewrite_UnknownRegtype_Fails42704()
    {
        var error = Assert.Throws<PgErrorException>(() => Rewrite("SELECT 'nosuchtype'::regtype"));
        Assert.Equal("42704", error.Error.SqlState);
    }

    [Fact]
    public void Rewrite_NothingPostgresOnly_KeepsTheText()
    {
        Assert.Equal("select  id from test where id = 1", Rewrite("select  id from test where id = 1"));
    }
}
