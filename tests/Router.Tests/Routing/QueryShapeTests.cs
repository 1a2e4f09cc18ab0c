using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Tests.Routing;

public class QueryShapeTests
{
    private const string N = "\0";
    private const string S = "\u0001";

    [Theory]
    [InlineData("SELECT abalance FROM pgbench_accounts WHERE aid = 4711;", "SELECT abalance FROM pgbench_accounts WHERE aid = " + N + ";", 1)]
    [InlineData("select 1.5, .5, 2., 3e10, 4E-2, 5.5e+3", "select " + N + ", " + N + ", " + N + ", " + N + ", " + N + ", " + N, 6)]
    [InlineData("SELECT 'it''s', '' FROM t", "SELECT " + S + ", " + S + " FROM t", 2)]
    [InlineData("SELECT t1.c2 FROM t1 WHERE c3 = $1", "SELECT t1.c2 FROM t1 WHERE c3 = $1", 0)]
    [InlineData("SELECT \"a 'b' 1\" FROM \"x\"\"y\"", "SELECT \"a 'b' 1\" FROM \"x\"\"y\"", 0)]
    [InlineData("/* 'c' 12 */ SELECT 3 -- 'd' 4\n", "/* 'c' 12 */ SELECT " + N + " -- 'd' 4\n", 1)]
    [InlineData("/*NO LOAD BALANCE*/ SELECT -7", "/*NO LOAD BALANCE*/ SELECT -" + N, 1)]
    [InlineData("SELECT x::int[] , 'a' 'b' ", "SELECT x::int[] , " + S + " " + S + " ", 2)]
    [InlineData("SELECT résumé, _x$1 FROM t", "SELECT résumé, _x$1 FROM t", 0)]
    public void BlanksNumbersAndStringsAndKeepsTheRest(string sql, string expected, int expectedMarks)
    {
        var destination = new char[sql.Length];
        var length = QueryShape.Write(sql, destination, out var marks);

        Assert.Equal(expected, new string(destination, 0, length));
        Assert.Equal(expectedMarks, marks);
    }

    [Theory]
    [InlineData("SELECT E'a\\'b'")]               // E'' strings: backslash escapes
    [InlineData("SELECT 'a\\' FROM t")]           // a backslash means what standard_conforming_strings says
    [InlineData("SELECT date'2020-01-01'")]      // typed literal glued to its type name
    [InlineData("SELECT B'101', X'1F'")]
    [InlineData("SELECT U&'d\\0061t'")]
    [InlineData("SELECT $$a$$")]                  // dollar quoting
    [InlineData("SELECT $tag$a$tag$")]
    [InlineData("SELECT 'a'\n  'b'")]             // two constants the lexer joins into one
    [InlineData("SELECT 12abc")]                  // a number running into an identifier
    [InlineData("SELECT 1.2.3")]
    [InlineData("SELECT 1e")]
    [InlineData("SELECT 1..2")]
    [InlineData("SELECT 'unterminated")]
    [InlineData("SELECT \"unterminated")]
    [InlineData("SELECT 1 /* unterminated")]
    public void HasNoShapeWhereTheLexerWouldReadConstantsOtherwise(string sql)
    {
        Assert.Equal(-1, QueryShape.Write(sql, new char[sql.Length], out _));
    }

    [Fact]
    public void TextsThatDifferOnlyInConstantsShareAShape()
    {
        Assert.Equal(Shape("SELECT * FROM t WHERE a = 1 AND b = 'x'"), Shape("SELECT * FROM t WHERE a = 22.5 AND b = 'yy''z'"));
        Assert.NotEqual(Shape("SELECT * FROM t WHERE a = 1"), Shape("SELECT * FROM t WHERE a = '1'"));
        Assert.NotEqual(Shape("SELECT * FROM t WHERE a = 1"), Shape("SELECT * FROM u WHERE a = 1"));
    }

    private static string Shape(string sql)
    {
        var destination = new char[sql.Length];
        return new string(destination, 0, QueryShape.Write(sql, destination, out _));
    }
}
