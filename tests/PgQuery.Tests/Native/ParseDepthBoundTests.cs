using System.Text;
using HtapRouter.PgQuery.Native;
using HtapRouter.PgQuery.Tree;

namespace HtapRouter.PgQuery.Tests.Native;

public class ParseDepthBoundTests
{
    // Every construct of the grammar that nests one expression or query in another, repeated 60 times: the bound
    // must hold where nesting is densest per token, not only on typical statements.
    public static TheoryData<string> NestingChains()
    {
        const int n = 60;
        string Repeat(string s) => string.Concat(Enumerable.Repeat(s, n));
        return new TheoryData<string>
        {
            "select " + Repeat("+-") + "x",
            "select " + Repeat("- ") + "x",
            "select " + Repeat("not ") + "x",
            "select " + Repeat("@ ") + "x",
            "select x" + Repeat(" isnull"),
            "select x" + Repeat(" notnull"),
            "select x" + Repeat(" is null"),
            "select x" + Repeat(" is not normalized"),
            "select x" + Repeat(" is not document"),
            "select x" + Repeat(" is true"),
            "select x" + Repeat(" collate c"),
            "select x" + Repeat("::t"),
            "select " + Repeat("x::numeric(") + "1" + Repeat(")"),
            "select " + Repeat("numeric(") + "1" + Repeat(") '1'"),
            "select " + Repeat("1+") + "1",
            "select " + Repeat("(select ") + "1" + Repeat(")"),
            "select " + Repeat("(select where ") + "true" + Repeat(")"),
            "select " + Repeat("exists(select where ") + "true" + Repeat(")"),
            "select " + Repeat("array(select ") + "1" + Repeat(")"),
            "select " + Repeat("(values((") + "1" + Repeat(")))"),
            "select " + Repeat("array[") + "1" + Repeat("]"),
            "select array" + Repeat("[") + "1" + Repeat("]"),
            "select " + Repeat("x[") + "1" + Repeat("]"),
            "select " + Repeat("x[1:") + "1" + Repeat("]"),
            "select " + Repeat("f(") + "1" + Repeat(")"),
            "select " + Repeat("f(a => ") + "1" + Repeat(")"),
            "select " + Repeat("f(variadic ") + "x" + Repeat(")"),
            "select " + Repeat("f(x order by ") + "1" + Repeat(")"),
            "select " + Repeat("f() over (order by ") + "1" + Repeat(")"),
            "select " + Repeat("f() filter (where ") + "true" + Repeat(")"),
            "select " + Repeat("row(") + "1" + Repeat(")"),
            "select " + Repeat("(1,") + "1" + Repeat(")"),
            "select " + Repeat("((") + "x" + Repeat(").a)"),
            "select " + Repeat("x similar to (") + "1" + Repeat(")"),
            "select " + Repeat("x not similar to (") + "1" + Repeat(")"),
            "select " + Repeat("x in (") + "1" + Repeat(")"),
            "select " + Repeat("x between 1 and (") + "1" + Repeat(")"),
            "select " + Repeat("x = any(") + "1" + Repeat(")"),
            "select " + Repeat("x at time zone ") + "1",
            "select " + Repeat("case when 1 then ") + "1" + Repeat(" end"),
            "select " + Repeat("case ") + "1" + Repeat(" when 1 then 1 end"),
            "select " + Repeat("cast(") + "1" + Repeat(" as int)"),
            "select " + Repeat("coalesce(") + "1" + Repeat(")"),
            "select " + Repeat("nullif(1,") + "1" + Repeat(")"),
            "select " + Repeat("collation for (") + "1" + Repeat(")"),
            "select " + Repeat("xmlelement(name a, ") + "1" + Repeat(")"),
            "select " + Repeat("x and (y or (") + "z" + Repeat("))"),
            "select " + Repeat("a and (not ") + "z" + Repeat(")"),
            "select 1 group by " + Repeat("grouping sets (") + "a" + Repeat(")"),
            "select 1" + Repeat(" union select 1"),
            "select 1 union " + Repeat("(select 1 union ") + "select 1" + Repeat(")"),
            "select * from a" + Repeat(" join b on true"),
            "select * from a" + Repeat(" cross join b"),
            "select * from " + Repeat("(select * from ") + "t" + Repeat(") s"),
            "with " + Repeat("a as (with ") + "b as (select 1) select 1" + Repeat(") select 1"),
        };
    }

    [Theory]
    [MemberData(nameof(NestingChains))]
    public void Of_NestingChain_IsAtLeastTheTreeDepth(string sql)
    {
        var depth = AssertBounds(sql);

        Assert.True(depth > 60, $"the chain does not nest (depth {depth}): {sql}");
    }

    [Fact]
    public void Of_CorpusStatements_AreAtLeastTheirTreeDepths()
    {
        foreach (var sql in SqlCorpus.Statements)
        {
            AssertBounds(sql);
        }
    }

    // Short statements whose trees hold levels no token pays for: the implied "*" of TABLE, the statement wrappers.
    [Theory]
    [InlineData("table t")]
    [InlineData("select")]
    [InlineData("select *")]
    [InlineData("explain table t")]
    [InlineData("prepare p as table t")]
    [InlineData("select x is not normalized")]
    [InlineData("select default")]
    [InlineData("select $1")]
    public void Of_ShortStatement_IsAtLeastTheTreeDepth(string sql) => AssertBounds(sql);

    [Theory]
    [InlineData("", 0)]
    [InlineData("  \t\r\n\f ", 0)]
    [InlineData("select", 1)]
    [InlineData("SELECT abalance FROM pgbench_accounts WHERE aid = 12345;", 9)]
    [InlineData("x1_y2", 1)]
    [InlineData("Grüße", 1)]
    [InlineData("a.b", 3)]
    [InlineData("$1", 2)]
    [InlineData("'it''s'", 6)]
    [InlineData("a\vb", 3)]
    public void CountTokens_Text_CountsWordRunsAndOtherBytes(string sql, int expected)
    {
        Assert.Equal(expected, ParseDepthBound.CountTokens(Encoding.UTF8.GetBytes(sql)));
    }

    private static int AssertBounds(string sql)
    {
        var depth = PgNodeWalker.MeasureDepth(PgParser.Parse(sql).Tree);

        var bound = ParseDepthBound.Of(Encoding.UTF8.GetBytes(sql));

        Assert.True(depth <= bound, $"depth {depth} > bound {bound}: {sql}");
        return depth;
    }
}
