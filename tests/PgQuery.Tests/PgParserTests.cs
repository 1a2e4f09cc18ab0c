using HtapRouter.PgQuery.Tree;
using PgQuery;

namespace HtapRouter.PgQuery.Tests;

public class PgParserTests
{
    [Fact]
    public void Parse_SelectStatement_GivesSelectStmtWithTargets()
    {
        var result = PgParser.Parse("SELECT a, b FROM t WHERE c = $1");

        var statement = Assert.Single(result.Tree.Stmts).Stmt;
        Assert.Equal(Node.NodeOneofCase.SelectStmt, statement.NodeCase);
        Assert.Equal(2, statement.SelectStmt.TargetList.Count);
        Assert.Equal(1, statement.SelectStmt.WhereClause.AExpr.Rexpr.ParamRef.Number);
        Assert.Equal(PgParser.TreeVersion, result.Tree.Version);
    }

    // Messages, SQLSTATEs and positions as PostgreSQL 15 reports them (ErrorResponse fields M, C and P);
    // SyntaxErrorsMatchPostgresTests checks the same cases against a running server.
    [Theory]
    [InlineData("selec 1", "syntax error at or near \"selec\"", "42601", 1)]
    [InlineData("select 1 from", "syntax error at end of input", "42601", 14)]
    [InlineData("select 'abc", "unterminated quoted string at or near \"'abc\"", "42601", 8)]
    [InlineData("select 1e", "trailing junk after numeric literal at or near \"1e\"", "42601", 8)]
    [InlineData("select U&'\\00zz'", "invalid Unicode escape", "42601", 11)]
    [InlineData("select 'ééé' frm x", "syntax error at or near \"x\"", "42601", 18)]
    [InlineData("select '😀😀' frm x", "syntax error at or near \"x\"", "42601", 17)]
    [InlineData("select 1; selec 2", "syntax error at or near \"selec\"", "42601", 11)]
    [InlineData("select 'é'; selec", "syntax error at or near \"selec\"", "42601", 13)]
    [InlineData("select '😀'; select 1;\n selec 3", "syntax error at or near \"selec\"", "42601", 24)]
    [InlineData("create assertion a check (true)", "CREATE ASSERTION is not yet implemented", "0A000", null)]
    [InlineData("select 1 fetch first 1 rows with ties", "WITH TIES cannot be specified without ORDER BY clause", "42601", null)]
    public void Parse_InvalidSql_ThrowsWithPostgresMessageStateAndPosition(string sql, string message, string sqlState, int? position)
    {
        var error = Assert.Throws<PgSqlSyntaxException>(() => PgParser.Parse(sql));

        Assert.Equal(message, error.Message);
        Assert.Equal(sqlState, error.SqlState);
        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void TryParse_InvalidSql_ReturnsFalseWithError()
    {
        var ok = PgParser.TryParse("select 'ü' frm x", out var result, out var error);

        Assert.False(ok);
        Assert.Null(result);
        Assert.Equal(16, error!.Position);
    }

    [Fact]
    public void TryParse_ValidSql_ReturnsResult()
    {
        Assert.True(PgParser.TryParse("select 1", out var result));
        Assert.Single(result.Statements);
    }

    [Fact]
    public void Parse_TextWithNul_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => PgParser.Parse("select 1\0; drop table t"));
    }

    [Fact]
    public void Parse_ParenthesesBeyondParserStack_ReportsError()
    {
        var sql = "select " + new string('(', 20000) + "1" + new string(')', 20000);

        var error = Assert.Throws<PgSqlSyntaxException>(() => PgParser.Parse(sql));

        Assert.Equal("42601", error.SqlState);
    }

    // 1+1+…+1 nests one level per operator; a thread-pool stack holds only a few hundred levels of the recursive
    // native and protobuf code, so without enough stack these would kill the test process rather than fail.
    [Theory]
    [InlineData(150)]
    [InlineData(2_000)]
    [InlineData(30_000)]
    public async Task Parse_LongOperatorChain_ParsesOnThreadPool(int terms)
    {
        var sql = "select " + string.Join("+", Enumerable.Repeat("1", terms));

        var (depth, normalized, fingerprint) = await Task.Run(() =>
            (PgNodeWalker.MeasureDepth(PgParser.Parse(sql).Tree), PgParser.Normalize(sql), PgParser.Fingerprint(sql)));

        Assert.True(depth > 2 * terms);
        Assert.StartsWith("select $1+$2", normalized);
        Assert.NotEqual(0UL, fingerprint);
    }

    // Nesting at its densest (two levels a byte), and at the parser's own stack limit of 10,000 pending tokens, in
    // every shape that nests: these need tens of megabytes of stack.
    [Theory]
    [InlineData("unary", 4_990, 19_970)]
    [InlineData("subquery", 3_000, 18_000)]
    [InlineData("case", 1_500, 6_000)]
    [InlineData("union", 20_000, 20_000)]
    [InlineData("and", 20_000, 10)]
    [InlineData("parentheses", 5_000, 9)]
    public async Task Parse_DeeplyNestedInput_ParsesOnThreadPool(string shape, int count, int minimumDepth)
    {
        string Repeat(string s) => string.Concat(Enumerable.Repeat(s, count));
        var sql = shape switch
        {
            "unary" => "select " + Repeat("+-") + "x",
            "subquery" => "select " + Repeat("(select ") + "1" + Repeat(")"),
            "case" => "select " + Repeat("case when true then ") + "1" + Repeat(" end"),
            "union" => "select 1" + Repeat(" union all select 1"),
            "and" => "select 1 where a = 1" + Repeat(" and a = 1"),
            _ => "select " + Repeat("(") + "1" + Repeat(")"),
        };

        var depth = await Task.Run(() => PgNodeWalker.MeasureDepth(PgParser.Parse(sql).Tree));

        Assert.True(depth >= minimumDepth, $"depth {depth}");
    }

    [Fact]
    public async Task Parse_NestingBeyondAnyThreadStack_ReportsStackDepthLimit()
    {
        var sql = "select " + string.Join("+", Enumerable.Repeat("1", 300_000));

        var error = await Assert.ThrowsAsync<PgSqlSyntaxException>(() => Task.Run(() => PgParser.Parse(sql)));

        Assert.Equal(PgSqlSyntaxException.StackDepthSqlState, error.SqlState);
        Assert.Equal("stack depth limit exceeded", error.Message);
    }

    [Fact]
    public void TryParse_NestingBeyondAnyThreadStack_ReturnsStackDepthError()
    {
        var sql = "select " + string.Join("+", Enumerable.Repeat("1", 300_000));

        var parsed = PgParser.TryParse(sql, out _, out var error);

        Assert.False(parsed);
        Assert.Equal(PgSqlSyntaxException.StackDepthSqlState, error!.SqlState);
    }

    [Fact]
    public async Task Deparse_LongOperatorChain_DeparsesOnThreadPool()
    {
        var result = PgParser.Parse("select " + string.Join("+", Enumerable.Repeat("1", 2_000)));

        var deparsed = await Task.Run(() => PgParser.Deparse(result));

        Assert.StartsWith("SELECT " + new string('(', 10), deparsed);
    }

    [Fact]
    public void Normalize_Constants_BecomeParameters()
    {
        Assert.Equal("select * from t where a = $1 and b in ($2, $3)", PgParser.Normalize("select * from t where a = 'x' and b in (1, 2)"));
    }

    [Fact]
    public void Fingerprint_SameShapeDifferentConstants_AreEqual()
    {
        var first = PgParser.Fingerprint("SELECT * FROM t WHERE a = 1 /* one */");
        var second = PgParser.Fingerprint("select *   from t where a = 42");
        var other = PgParser.Fingerprint("select * from u where a = 1");

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }
}
