using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.PgQuery.Tree;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// BI tools run a query as a derived table of their own SELECT:
/// <c>SELECT "source"."avg" FROM (SELECT avg(x) AS "avg" FROM t) "source" LIMIT 2000</c>, or <c>SELECT * FROM (...)
/// AS virtual_table</c>. A column of such a derived table (a subquery in FROM, or a CTE named once, in the outermost FROM)
/// that is a quotient, or is computed from one (<see cref="ExactText"/>), would be DECIMAL(38,16) there and print scale 16.
/// When the outer SELECT passes the column on to its result (by name or by *), the derived table computes its exact
/// numeric text instead, and the outer SELECT reads it: passed on, it is that text described as numeric; in arithmetic,
/// round, sum, min, max and comparisons it is the text computed on (<see cref="StatementTypes.IsExactText(Pg.ColumnRef)"/>); anywhere
/// else (ORDER BY, other functions) it is read back as DECIMAL(38,16), as a quotient below the result is.
/// Not done when the outer SELECT groups or is DISTINCT (its grouping would compare texts, not values), or when a
/// subquery of the outer SELECT names the column.
/// </summary>
internal static partial class NumericAverages
{
    /// <summary>
    /// Makes the derived table's exact columns text, and marks them, by position, among the outer SELECT's results;
    /// returns the marks, <paramref name="charColumns"/> when nothing changed.
    /// </summary>
    private static IReadOnlyList<CharColumn?> PassThrough(Pg.SelectStmt outer, StatementTypes types, IReadOnlyList<CharColumn?> charColumns)
    {
        if (outer is not { FromClause: [var item], GroupClause.Count: 0, DistinctClause.Count: 0 } || DerivedTable(outer, item) is not { } derived)
        {
            return charColumns;
        }

        var inner = derived.Query;
        var innerChoices = inner.GroupClause.Count == 0;
        var texts = new Pg.Node?[inner.TargetList.Count];
        var names = new string[inner.TargetList.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            var target = inner.TargetList[i].ResTarget;
            names[i] = i < derived.ColumnNames.Count ? derived.ColumnNames[i]
                : target.Name is { Length: > 0 } name ? name : QueryRewriter.ColumnName(target.Val) ?? target.Val.ColumnRef?.Fields[^1].String?.Sval ?? "?column?";
            if (!IsGroupedBy(inner, i, target))
            {
                texts[i] = ExactText(target.Val, types, 0, innerChoices);
            }
        }

        if (texts.All(t => t is null) || References(outer, item, derived, names, texts) is not { } references)
        {
            return charColumns;
        }

        var (positions, count) = PassedPositions(outer, names, references);
        CharColumn?[]? marked = null;
        for (var i = 0; i < texts.Length; i++)
        {
            if (texts[i] is not { } text || (positions[i].Count == 0 && !InResults(outer, references[i])))
            {
                continue;
            }

            var target = inner.TargetList[i].ResTarget;
            var original = target.Val;
            target.Name = target.Name is { Length: > 0 } name ? name : QueryRewriter.ColumnName(original) ?? "?column?";
            target.Val = text;
            SortByValue(inner, i + 1, target.Name, original, types);
            foreach (var reference in references[i])
            {
                types.AddExactText(reference);
            }

            marked ??= [.. charColumns, .. new CharColumn?[Math.Max(0, count - charColumns.Count)]];
            foreach (var (position, result) in positions[i])
            {
                marked[position] = NumericText;
                if (result is not null)
                {
                    // Passed on by name: the text itself, not a reference to read as a number.
                    result.Val = PgNodes.Wrap(result.Val.ColumnRef.Clone());
                }

                // ORDER BY its position sorts by the value.
                SortByValue(outer, position + 1, result?.Name ?? "", AsDecimal(result?.Val.Clone() ?? PgNodes.ColumnRef(derived.Alias, names[i])), types);
            }
        }

        return marked ?? charColumns;
    }

    /// <summary>Whether one of <paramref name="references"/> is in a result column of <paramref name="outer"/>, which may then compute on the text.</summary>
    private static bool InResults(Pg.SelectStmt outer, List<Pg.ColumnRef> references) =>
        outer.TargetList.Any(t => PgNodeWalker.DescendantsAndSelf(t).OfType<Pg.ColumnRef>().Any(r => references.Any(c => ReferenceEquals(c, r))));

    /// <summary>A derived table in FROM and the names the outer SELECT reads its columns by.</summary>
    private sealed record Derived(Pg.SelectStmt Query, string Alias, IReadOnlyList<string> ColumnNames);

    /// <summary>The subquery or CTE the outer SELECT reads; null for a table, a join, or a CTE named more than once.</summary>
    private static Derived? DerivedTable(Pg.SelectStmt outer, Pg.Node item)
    {
        Pg.SelectStmt? query;
        string alias;
        IEnumerable<Pg.Node> columnNames;
        if (item.RangeSubselect is { Lateral: false, Alias: { } subqueryAlias, Subquery.SelectStmt: { } subquery })
        {
            (query, alias, columnNames) = (subquery, subqueryAlias.Aliasname, subqueryAlias.Colnames);
        }
        else if (item.RangeVar is { Schemaname.Length: 0, Catalogname.Length: 0 } range
            && outer.WithClause is { Recursive: false } with
            && with.Ctes.Select(c => c.CommonTableExpr).SingleOrDefault(c => c?.Ctename == range.Relname) is { Ctequery.SelectStmt: { } cteQuery } cte
            && PgNodeWalker.DescendantsAndSelf(outer).OfType<Pg.RangeVar>().Count(r => r.Relname == range.Relname && r.Schemaname.Length == 0) == 1)
        {
            query = cteQuery;
            alias = range.Alias?.Aliasname is { Length: > 0 } name ? name : range.Relname;
            columnNames = range.Alias?.Colnames is { Count: > 0 } renamed ? renamed : cte.Aliascolnames;
        }
        else
        {
            return null;
        }

        if (query is not { Op: Pg.SetOperation.SetopNone, ValuesLists.Count: 0, DistinctClause.Count: 0 }
            || query.TargetList.Any(t => t.ResTarget?.Val is not { } value || value.ColumnRef?.Fields[^1].NodeCase == Pg.Node.NodeOneofCase.AStar))
        {
            return null;
        }

        return new Derived(query, alias, columnNames.Select(n => n.String?.Sval ?? "").ToList());
    }

    /// <summary>Whether the derived table groups by its column <paramref name="index"/> (by position or by name): its value must then stay a number.</summary>
    private static bool IsGroupedBy(Pg.SelectStmt query, int index, Pg.ResTarget target) =>
        query.GroupClause.Any(g => g.AConst?.Ival?.Ival == index + 1
            || (g.ColumnRef?.Fields is [{ String.Sval: var name }] && name == target.Name));

    /// <summary>
    /// The outer SELECT's references to each exact column, outside the derived table; null when a subquery of the outer
    /// SELECT names one, whose scope the planner does not follow.
    /// </summary>
    private static List<Pg.ColumnRef>[]? References(Pg.SelectStmt outer, Pg.Node item, Derived derived, string[] names, Pg.Node?[] texts)
    {
        var references = texts.Select(_ => new List<Pg.ColumnRef>()).ToArray();
        var fromItem = PgNodes.Unwrap(item);
        var nested = false;
        PgNodeWalker.Walk(outer, message =>
        {
            if (ReferenceEquals(message, fromItem) || ReferenceEquals(message, outer.WithClause))
            {
                return false;
            }

            if (message is Pg.SelectStmt select && !ReferenceEquals(select, outer))
            {
                nested |= PgNodeWalker.DescendantsAndSelf(select).OfType<Pg.ColumnRef>().Any(r => Column(r, derived, names, texts) >= 0);
                return false;
            }

            if (message is Pg.ColumnRef reference && Column(reference, derived, names, texts) is var column and >= 0)
            {
                references[column].Add(reference);
            }

            return true;
        });
        return nested ? null : references;
    }

    /// <summary>Which exact column of the derived table a reference names (alias.name or name), or -1.</summary>
    private static int Column(Pg.ColumnRef reference, Derived derived, string[] names, Pg.Node?[] texts)
    {
        var qualified = reference.Fields.Count == 2 && reference.Fields[0].String?.Sval == derived.Alias;
        if ((reference.Fields.Count != 1 && !qualified) || reference.Fields[^1].String?.Sval is not { } name)
        {
            return -1;
        }

        var index = Array.IndexOf(names, name);
        return index >= 0 && texts[index] is not null && Array.LastIndexOf(names, name) == index ? index : -1;
    }

    /// <summary>
    /// For each column of the derived table, the outer result positions it is passed on to unchanged, by name (with
    /// the result column, whose reference leaves <paramref name="references"/>) or by *; and how many result columns
    /// the outer SELECT has.
    /// </summary>
    private static (List<(int Position, Pg.ResTarget? ByName)>[] Positions, int Count) PassedPositions(
        Pg.SelectStmt outer, string[] names, List<Pg.ColumnRef>[] references)
    {
        var positions = names.Select(_ => new List<(int, Pg.ResTarget?)>()).ToArray();
        var position = 0;
        foreach (var item in outer.TargetList)
        {
            var value = item.ResTarget?.Val;
            if (value?.ColumnRef is { } star && star.Fields[^1].NodeCase == Pg.Node.NodeOneofCase.AStar)
            {
                for (var i = 0; i < names.Length; i++)
                {
                    positions[i].Add((position + i, null));
                }

                position += names.Length;
                continue;
            }

            for (var i = 0; i < names.Length; i++)
            {
                if (value?.ColumnRef is { } column && references[i].FindIndex(r => ReferenceEquals(r, column)) is var direct and >= 0)
                {
                    // Not a reference to read as a number: it is replaced by the text.
                    references[i].RemoveAt(direct);
                    positions[i].Add((position, item.ResTarget));
                }
            }

            position++;
        }

        return (positions, position);
    }
}
