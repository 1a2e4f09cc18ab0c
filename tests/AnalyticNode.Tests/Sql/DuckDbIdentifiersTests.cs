using HtapRouter.AnalyticNode.Sql;

namespace HtapRouter.AnalyticNode.Tests.Sql;

public class DuckDbIdentifiersTests
{
    [Theory]
    [InlineData("SELECT at, by FROM t show", "SELECT \"at\", \"by\" FROM t \"show\"")]
    [InlineData("SELECT t.qualify FROM t ORDER BY at", "SELECT t.\"qualify\" FROM t ORDER BY \"at\"")]
    [InlineData("SELECT 'at by' AS \"at\", E'\\'at' FROM t", "SELECT 'at by' AS \"at\", E'\\'at' FROM t")]
    [InlineData("SELECT ts AT TIME ZONE 'UTC' FROM t ORDER BY 1", "SELECT ts AT TIME ZONE 'UTC' FROM t ORDER BY 1")]
    [InlineData("SELECT atx, xat, at_ FROM t", "SELECT atx, xat, at_ FROM t")]
    [InlineData("SELECT 'it''s at', at FROM t", "SELECT 'it''s at', \"at\" FROM t")]
    public void Quote_DeparsedSql_QuotesOnlyLowerCaseReservedNames(string deparsed, string expected)
    {
        Assert.Equal(expected, DuckDbIdentifiers.Quote(deparsed));
    }

    [Theory]
    [InlineData("select AT from t", true)]
    [InlineData("select x from t -- at\n", false)]
    [InlineData("select 'at', \"by\", $$show$$ from t /* qualify */", false)]
    [InlineData("select $1 from show", true)]
    [InlineData("select date, format from t", false)]
    public void Mentions_ClientSql_FindsReservedWordsOutsideQuotes(string sql, bool expected)
    {
        Assert.Equal(expected, DuckDbIdentifiers.Mentions(sql));
    }
}
