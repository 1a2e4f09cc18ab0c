using PgQuery;

namespace HtapRouter.PgQuery.Tests;

public class PgParserDeparseTests
{
    public static TheoryData<string> Corpus => [.. SqlCorpus.Statements];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Deparse_CorpusStatement_ReparsesToSameTree(string sql)
    {
        var parsed = PgParser.Parse(sql);

        var deparsed = PgParser.Deparse(parsed);
        var reparsed = PgParser.Parse(deparsed);

        TreeAssert.EqualIgnoringLocations(parsed.Tree, reparsed.Tree);
        Assert.Equal(deparsed, PgParser.Deparse(reparsed));
    }

    [Theory]
    [InlineData("select a::regclass from t", "SELECT a::regclass FROM t")]
    [InlineData("select * from t where x OPERATOR(pg_catalog.~) 'a' COLLATE pg_catalog.default",
        "SELECT * FROM t WHERE x OPERATOR(pg_catalog.~) 'a' COLLATE pg_catalog.\"default\"")]
    [InlineData("begin isolation level repeatable read", "BEGIN ISOLATION LEVEL REPEATABLE READ")]
    [InlineData("select * from t for update", "SELECT * FROM t FOR UPDATE")]
    [InlineData("select $1::int", "SELECT $1::int")]
    public void Deparse_Statement_GivesCanonicalSql(string sql, string expected)
    {
        Assert.Equal(expected, PgParser.Deparse(PgParser.Parse(sql)));
    }

    [Fact]
    public void Deparse_SeveralStatements_JoinsWithSemicolons()
    {
        Assert.Equal("SELECT 1; SELECT 2", PgParser.Deparse(PgParser.Parse("select 1; select 2;")));
    }

    [Fact]
    public void Deparse_SingleStatementNode_GivesThatStatement()
    {
        var parsed = PgParser.Parse("select 1; update t set a = 2");

        Assert.Equal("UPDATE t SET a = 2", PgParser.Deparse(parsed.Statements[1].Node));
    }

    [Fact]
    public void Deparse_InvalidTree_ThrowsArgumentException()
    {
        var broken = new Node { SelectStmt = new SelectStmt() };
        broken.SelectStmt.TargetList.Add(new Node { ResTarget = new ResTarget { Val = new Node { IntoClause = new IntoClause() } } });

        Assert.Throws<ArgumentException>(() => PgParser.Deparse(broken));
    }
}
