using Google.Protobuf;
using HtapRouter.PgQuery.Tree;
using PgQuery;

namespace HtapRouter.PgQuery.Tests.Tree;

public class PgNodeWalkerTests
{
    [Fact]
    public void Walk_NestedQuery_VisitsMessagesInsideNodeWrappers()
    {
        var statement = PgParser.Parse("select f(x) from (select g(y) from t) s where exists (select 1 from u where h(z))").Statements[0];
        var seen = new List<string>();

        PgNodeWalker.Walk(statement.Node, message =>
        {
            seen.Add(message.Descriptor.Name);
            return true;
        });

        Assert.Equal("SelectStmt", seen[0]);
        Assert.DoesNotContain("Node", seen);
        Assert.Equal(3, seen.Count(name => name == "FuncCall"));
        Assert.Equal(2, seen.Count(name => name == "RangeVar"));
        Assert.Contains("Alias", seen);
    }

    [Fact]
    public void Walk_VisitReturnsFalse_SkipsChildren()
    {
        var statement = PgParser.Parse("select f(g(h(1)))").Statements[0];
        var calls = 0;

        PgNodeWalker.Walk(statement.Node, message => message is not FuncCall || ++calls == 0);

        Assert.Equal(1, calls);
    }

    [Fact]
    public void DescendantsAndSelf_DeeplyNestedTree_DoesNotOverflow()
    {
        var sql = "select " + string.Join("+", Enumerable.Repeat("1", 20_000));
        var statement = PgParser.Parse(sql).Statements[0];

        Assert.Equal(19_999, PgNodeWalker.DescendantsAndSelf(statement.Node).OfType<A_Expr>().Count());
        Assert.True(PgNodeWalker.MeasureDepth(statement.Node) > 2 * 19_999);
    }

    [Fact]
    public void WalkNodes_ReplacingContent_WalksIntoReplacement()
    {
        var statement = PgParser.Parse("select a from t").Statements[0];
        var visited = new List<IMessage?>();

        PgNodeWalker.WalkNodes(statement.Node, node =>
        {
            if (node.ColumnRef is { } column && column.Fields[0].String.Sval == "a")
            {
                PgNodes.Set(node, PgNodes.Unwrap(PgNodes.FuncCall(["lower"], PgNodes.ColumnRef("b")))!);
            }
            visited.Add(PgNodes.Unwrap(node));
            return true;
        });

        Assert.Contains(visited, message => message is ColumnRef column && column.Fields[0].String.Sval == "b");
        Assert.Equal("SELECT lower(b) FROM t", PgParser.Deparse(statement.Node));
    }
}
