using HtapRouter.PgQuery.Tree;
using PgQuery;

namespace HtapRouter.PgQuery.Tests.Tree;

public class PgNodesTests
{
    [Fact]
    public void Deparse_PsqlQueryRewrittenForDuckDb_GivesRewrittenSql()
    {
        var statement = PgParser.Parse("""
            SELECT c.oid, c.relname FROM pg_catalog.pg_class c
            WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default
              AND pg_catalog.pg_table_is_visible(c.oid)
            """).Statements[0];

        PgNodeWalker.WalkNodes(statement.Node, node =>
        {
            switch (PgNodes.Unwrap(node))
            {
                case CollateClause collate:
                    PgNodes.Set(node, PgNodes.Unwrap(collate.Arg)!);
                    break;
                case A_Expr { Name.Count: 2 } op when op.Name[0].String.Sval == "pg_catalog":
                    op.Name.RemoveAt(0);
                    break;
                case FuncCall call when PgTreeFacts.ToFunctionName(call).Name == "pg_table_is_visible":
                    PgNodes.Set(node, new A_Const { Boolval = new global::PgQuery.Boolean { Boolval = true } });
                    break;
                case RangeVar { Schemaname: "pg_catalog" } table:
                    table.Schemaname = "main";
                    break;
            }
            return true;
        });

        Assert.Equal(
            "SELECT c.oid, c.relname FROM main.pg_class c WHERE c.relname ~ '^(t)$' AND true",
            PgParser.Deparse(statement.Node));
    }

    [Fact]
    public void Deparse_BuiltStatement_GivesSql()
    {
        var select = new SelectStmt();
        select.TargetList.Add(new Node
        {
            ResTarget = new ResTarget
            {
                Name = "n",
                Val = PgNodes.TypeCast(PgNodes.FuncCall(["pg_catalog", "lower"], PgNodes.ColumnRef("t", "Name")), PgNodes.TypeName("text")),
            },
        });
        select.TargetList.Add(new Node { ResTarget = new ResTarget { Val = PgNodes.StringConstant("it's") } });
        select.TargetList.Add(new Node { ResTarget = new ResTarget { Val = PgNodes.IntegerConstant(42) } });
        select.TargetList.Add(new Node { ResTarget = new ResTarget { Val = PgNodes.NullConstant() } });
        select.FromClause.Add(PgNodes.Wrap(new RangeVar { Relname = "t", Inh = true, Relpersistence = "p" }));

        Assert.Equal("SELECT pg_catalog.lower(t.\"Name\")::text AS n, 'it''s', 42, NULL FROM t", PgParser.Deparse(PgNodes.Wrap(select)));
    }

    [Fact]
    public void Wrap_MessageNoNodeCanHold_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => PgNodes.Wrap(new ParseResult()));
    }
}
