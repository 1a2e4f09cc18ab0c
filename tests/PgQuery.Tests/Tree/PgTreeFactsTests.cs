using HtapRouter.PgQuery.Tree;
using PgQuery;

namespace HtapRouter.PgQuery.Tests.Tree;

public class PgTreeFactsTests
{
    private static Node Statement(string sql) => PgParser.Parse(sql).Statements.Single().Node;

    [Fact]
    public void GetFunctionNames_FunctionsInSubqueriesCtesJoinsAndLateral_FindsAllQualified()
    {
        var statement = Statement("""
            with c as (select cte_fn(a) from t)
            select pg_catalog.upper(x), sum(y) over (order by z)
            from c join lateral (select lat_fn(b) from u) l on join_fn(c.a)
            left join generate_series(1, 3) g on true
            where exists (select 1 from v where sub_fn(v.q))
            order by order_fn(x)
            """);

        var names = PgTreeFacts.GetFunctionNames(statement).Select(n => n.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["cte_fn", "generate_series", "join_fn", "lat_fn", "order_fn", "pg_catalog.upper", "sub_fn", "sum"],
            names);
    }

    [Fact]
    public void GetFunctionNames_SqlSyntaxForCatalogFunctions_NamesThem()
    {
        var names = PgTreeFacts.GetFunctionNames(Statement("select extract(epoch from now()), now() at time zone 'UTC', db.s.f()"));

        Assert.Contains(new PgFunctionName(null, "pg_catalog", "extract"), names);
        Assert.Contains(new PgFunctionName(null, "pg_catalog", "timezone"), names);
        Assert.Contains(new PgFunctionName("db", "s", "f"), names);
    }

    [Fact]
    public void GetRelations_SubqueriesJoinsAndLateral_FindsEveryRelation()
    {
        var relations = PgTreeFacts.GetRelations(Statement("""
            select * from s1.a
            join b on b.id = a.id
            cross join lateral (select * from c where c.x = a.x) l
            where a.y in (select y from "D" where exists (select 1 from pg_temp.e))
            """));

        Assert.Equal(["D", "b", "c", "pg_temp.e", "s1.a"], relations.Select(r => r.ToString()).Order(StringComparer.Ordinal));
        Assert.All(relations, r => Assert.False(r.IsCteReference));
    }

    [Fact]
    public void GetRelations_CteReferences_AreMarkedByScope()
    {
        var relations = PgTreeFacts.GetRelations(Statement("""
            with a as (select * from a), b as (select * from a join x on true)
            insert into b select * from b, (with y as (select 1) select * from y) s
            """));

        // The first CTE cannot see itself (not RECURSIVE), the second sees the first, INSERT's target is a table.
        Assert.Equal(
            ["a:cte", "a:table", "b:cte", "b:table", "x:table", "y:cte"],
            relations.Select(r => $"{r.Name}:{(r.IsCteReference ? "cte" : "table")}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GetRelations_RecursiveCte_SeesItself()
    {
        var relations = PgTreeFacts.GetRelations(Statement("with recursive t(n) as (select 1 union all select n + 1 from t) select * from t"));

        Assert.Equal([true, true], relations.Select(r => r.IsCteReference));
    }

    [Fact]
    public void GetRelations_TempTableTargets_ReportPersistence()
    {
        var into = PgTreeFacts.GetRelations(Statement("select * into temp t2 from t1"));
        var unlogged = PgTreeFacts.GetRelations(Statement("create unlogged table u (a int)"));

        Assert.Equal([PgRelationPersistence.Temporary, PgRelationPersistence.Permanent], into.Select(r => r.Persistence));
        Assert.Equal(PgRelationPersistence.Unlogged, Assert.Single(unlogged).Persistence);
    }

    [Fact]
    public void HasDataModifyingCte_DeleteInCte_IsTrueOnlyThen()
    {
        Assert.True(PgTreeFacts.HasDataModifyingCte(Statement("with d as (delete from t returning *) select * from d")));
        Assert.False(PgTreeFacts.HasDataModifyingCte(Statement("with d as (select * from t) select * from d")));
    }

    [Fact]
    public void GetLockingClauses_ForUpdateInSubquery_Found()
    {
        var clauses = PgTreeFacts.GetLockingClauses(Statement("select * from (select * from t for share) s"));

        Assert.Equal(LockClauseStrength.LcsForshare, Assert.Single(clauses).Strength);
        Assert.Empty(PgTreeFacts.GetLockingClauses(Statement("select * from t")));
    }
}
