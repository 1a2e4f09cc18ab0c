using HtapRouter.PgQuery.Tree;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// A VALUES list's columns are column1, column2... in PostgreSQL and col0, col1... in DuckDB: a client reads them by
/// name, and a query names them (<c>select column1 from (values (1)) v</c>). Each VALUES list becomes
/// <c>SELECT * FROM (VALUES ...) AS htap_values(column1, ...)</c>; the list's ORDER BY, LIMIT and OFFSET, which name
/// its columns, go to the SELECT around it. Done last, on the rewritten tree, so that nothing else sees the wrapper.
/// </summary>
internal static class ValuesColumns
{
    private const string Alias = "htap_values";

    /// <summary>Names the columns of every VALUES list in <paramref name="root"/>; true when there was one.</summary>
    public static bool Name(Pg.Node root)
    {
        var selects = new List<Pg.Node>();
        PgNodeWalker.WalkNodes(root, node =>
        {
            if (node.SelectStmt is not null)
            {
                selects.Add(node);
            }

            return true;
        });
        var named = false;
        foreach (var node in selects)
        {
            if (node.SelectStmt.ValuesLists.Count > 0)
            {
                node.SelectStmt = Wrapped(node.SelectStmt);
                named = true;
            }
            else
            {
                named |= NameBranches(node.SelectStmt);
            }
        }

        return named;
    }

    /// <summary>The VALUES lists among the branches of a UNION, INTERSECT or EXCEPT, which are not nodes of their own.</summary>
    private static bool NameBranches(Pg.SelectStmt select)
    {
        var named = false;
        if (select.Larg is { } left)
        {
            if (left.ValuesLists.Count > 0)
            {
                select.Larg = Wrapped(left);
                named = true;
            }
            else
            {
                named |= NameBranches(left);
            }
        }

        if (select.Rarg is { } right)
        {
            if (right.ValuesLists.Count > 0)
            {
                select.Rarg = Wrapped(right);
                named = true;
            }
            else
            {
                named |= NameBranches(right);
            }
        }

        return named;
    }

    private static Pg.SelectStmt Wrapped(Pg.SelectStmt values)
    {
        var alias = new Pg.Alias { Aliasname = Alias };
        var width = values.ValuesLists[0].List?.Items.Count ?? 0;
        for (var i = 1; i <= width; i++)
        {
            alias.Colnames.Add(PgNodes.StringNode($"column{i}"));
        }

        var outer = new Pg.SelectStmt
        {
            Op = Pg.SetOperation.SetopNone,
            LimitCount = values.LimitCount,
            LimitOffset = values.LimitOffset,
            LimitOption = values.LimitOption,
            WithClause = values.WithClause,
        };
        outer.SortClause.AddRange(values.SortClause);
        outer.LockingClause.AddRange(values.LockingClause);

        var inner = new Pg.SelectStmt { Op = Pg.SetOperation.SetopNone, LimitOption = Pg.LimitOption.Default };
        inner.ValuesLists.AddRange(values.ValuesLists);
        var star = new Pg.ColumnRef { Location = -1 };
        star.Fields.Add(new Pg.Node { AStar = new Pg.A_Star() });
        outer.TargetList.Add(new Pg.Node { ResTarget = new Pg.ResTarget { Val = new Pg.Node { ColumnRef = star }, Location = -1 } });
        outer.FromClause.Add(new Pg.Node { RangeSubselect = new Pg.RangeSubselect { Subquery = new Pg.Node { SelectStmt = inner }, Alias = alias } });
        return outer;
    }
}
