namespace HtapRouter.PgQuery.Tests;

public class PgParserStripCommentsTests
{
    [Theory]
    [InlineData("SELECT 1", "SELECT 1")]
    [InlineData("/* app=x */ SELECT 1", "SELECT 1")]
    [InlineData("SELECT 1 -- trailing", "SELECT 1")]
    [InlineData("SELECT * /* a */ FROM t", "SELECT * FROM t")]
    [InlineData("SELECT */*a*/FROM t", "SELECT * FROM t")]
    [InlineData("SELECT 1 /* a */ /* b */ + 2", "SELECT 1 + 2")]
    [InlineData("/* outer /* nested */ still */ SELECT 1", "SELECT 1")]
    [InlineData("SELECT '-- not a comment', \"/* nor */\" FROM t", "SELECT '-- not a comment', \"/* nor */\" FROM t")]
    [InlineData("SELECT $$ /* kept */ $$ -- gone\n;", "SELECT $$ /* kept */ $$ ;")]
    [InlineData("SELECT 'Grüße' /* ü */ , 2", "SELECT 'Grüße' , 2")]
    [InlineData("  SELECT 1  ", "  SELECT 1  ")]
    public void StripComments_Text_RemovesCommentsTheLexerFinds(string sql, string expected)
    {
        Assert.Equal(expected, PgParser.StripComments(sql));
    }

    [Fact]
    public void StripComments_UnterminatedComment_ThrowsSyntaxError()
    {
        var error = Assert.Throws<PgSqlSyntaxException>(() => PgParser.StripComments("SELECT 1 /* open"));

        Assert.Equal(PgSqlSyntaxException.SyntaxErrorSqlState, error.SqlState);
    }
}
