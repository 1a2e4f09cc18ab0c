using HtapRouter.PgQuery.Tree;

namespace HtapRouter.PgQuery.Tests;

public class PgParseResultStatementsTests
{
    [Fact]
    public void Statements_SemicolonInStringAndTrailingComment_SplitAtRealSemicolons()
    {
        var statements = PgParser.Parse("select 1; select ';'; -- c").Statements;

        Assert.Equal(["select 1", "select ';'"], statements.Select(s => s.Text));
        Assert.Equal([0, 10], statements.Select(s => s.CharStart));
    }

    [Fact]
    public void Statements_MultibyteTextBefore_CharStartCountsUtf16Chars()
    {
        const string sql = "select 'é😀'; update t set a = 'ü';\n\tselect 3\n";

        var statements = PgParser.Parse(sql).Statements;

        Assert.Equal(["select 'é😀'", "update t set a = 'ü'", "select 3"], statements.Select(s => s.Text));
        foreach (var statement in statements)
        {
            Assert.Equal(statement.Text, sql.Substring(statement.CharStart, statement.Text.Length));
        }
        Assert.Equal([PgStatementKind.Select, PgStatementKind.Update, PgStatementKind.Select], statements.Select(s => s.Kind));
    }

    [Fact]
    public void Statements_LeadingCommentAndEmptyStatements_KeepCommentSkipEmpties()
    {
        var statements = PgParser.Parse("/* lead */ select 1;;; select 2").Statements;

        Assert.Equal(["/* lead */ select 1", "select 2"], statements.Select(s => s.Text));
    }

    [Fact]
    public void Statements_SemicolonsInsideDollarQuotesAndRuleBodies_StayInOneStatement()
    {
        const string sql = "do $$ begin perform 1; end $$; create rule r as on insert to t do also (select 1; select 2); select 3";

        var statements = PgParser.Parse(sql).Statements;

        Assert.Equal(
            ["do $$ begin perform 1; end $$", "create rule r as on insert to t do also (select 1; select 2)", "select 3"],
            statements.Select(s => s.Text));
    }

    [Fact]
    public void Statements_OnlyCommentsAndSemicolons_AreEmpty()
    {
        Assert.Empty(PgParser.Parse("-- nothing\n; /* here */ ;").Statements);
    }

    [Fact]
    public void Statements_Node_IsTheLiveTreeNode()
    {
        var result = PgParser.Parse("select 1; select 2");

        Assert.Same(result.Tree.Stmts[1].Stmt, result.Statements[1].Node);
    }
}
