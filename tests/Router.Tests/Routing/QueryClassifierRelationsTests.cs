using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Tests.Routing;

/// <summary>The relations a statement reads and writes, and the temporary tables a session creates and reads.</summary>
public class QueryClassifierRelationsTests
{
    [Theory]
    [InlineData("SELECT * FROM accounts a JOIN app.orders o ON a.id = o.account_id", "accounts", "app.orders")]
    [InlineData("WITH x AS (SELECT * FROM accounts) SELECT * FROM x JOIN x AS y USING (id)", "accounts")]
    [InlineData("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r")]
    [InlineData("SELECT (SELECT max(id) FROM b), EXISTS (SELECT FROM c) FROM a, LATERAL (SELECT * FROM d) s", "b", "c", "a", "d")]
    [InlineData("SELECT * FROM accounts, accounts AS again", "accounts")]
    [InlineData("SELECT * FROM MixedCase, \"MixedCase\"", "mixedcase", "MixedCase")]
    [InlineData("SELECT * FROM otherdb.public.accounts", "public.accounts")]
    [InlineData("EXPLAIN UPDATE accounts SET a = 1 FROM orders", "accounts", "orders")]
    public async Task Classify_Read_ListsRelationsItReads(string sql, params string[] relations)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var query = classifier.Classify(sql);

        Assert.Equal(QueryKind.Read, query.Kind);
        Assert.Equal(relations, query.ReadRelations.Select(relation => relation.ToString()));
    }

    [Theory]
    [InlineData("SELECT * FROM pg_class", true)]
    [InlineData("SELECT * FROM pg_catalog.pg_namespace", true)]
    [InlineData("SELECT * FROM information_schema.tables", true)]
    [InlineData("SELECT * FROM accounts", false)]
    public async Task Classify_Read_TellsSystemCatalogReads(string sql, bool readsCatalog)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        Assert.Equal(readsCatalog, classifier.Classify(sql).ReadsSystemCatalog);
    }

    [Theory]
    [InlineData("INSERT INTO accounts SELECT * FROM orders", "accounts")]
    [InlineData("UPDATE app.orders SET total = 0 FROM accounts WHERE accounts.id = orders.id", "app.orders")]
    [InlineData("WITH gone AS (DELETE FROM accounts RETURNING *) INSERT INTO archive SELECT * FROM gone", "accounts", "archive")]
    [InlineData("WITH gone AS (DELETE FROM accounts RETURNING *) SELECT * FROM gone", "accounts")]
    [InlineData("MERGE INTO accounts USING orders ON true WHEN MATCHED THEN DELETE", "accounts")]
    [InlineData("COPY accounts FROM STDIN", "accounts")]
    [InlineData("TRUNCATE accounts, app.orders", "accounts", "app.orders")]
    [InlineData("ALTER TABLE accounts ADD COLUMN note text", "accounts")]
    [InlineData("SELECT * INTO copy_of FROM accounts", "copy_of")]
    [InlineData("DROP TABLE accounts, app.orders", "accounts", "app.orders")]
    [InlineData("SELECT * FROM accounts FOR UPDATE")]
    public async Task Classify_Write_ListsTablesItWrites(string sql, params string[] tables)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var query = classifier.Classify(sql);

        Assert.True(query.IsWrite);
        Assert.Equal(tables.Order(), query.WrittenTables.Select(table => table.ToString()).Order());
    }

    [Theory]
    [InlineData("CREATE TEMP TABLE tt (a int)", "tt")]
    [InlineData("CREATE TEMPORARY TABLE tt AS SELECT 1 AS a", "tt")]
    [InlineData("SELECT 1 AS a INTO TEMP tt", "tt")]
    [InlineData("CREATE TABLE pg_temp.tt (a int)", "tt")]
    [InlineData("CREATE TEMP VIEW tv AS SELECT 1", "tv")]
    [InlineData("CREATE TEMP SEQUENCE ts", "ts")]
    [InlineData("CREATE TABLE tt (a int)")]
    [InlineData("CREATE UNLOGGED TABLE tt (a int)")]
    public async Task Classify_Create_ListsTemporaryTablesCreated(string sql, params string[] created)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        Assert.Equal(created, classifier.Classify(sql).CreatedTemporaryTables);
    }

    [Fact]
    public async Task Classify_ReadOfTemporaryTableTheSessionCreated_GoesToPrimary()
    {
        var classifier = await TestCatalogs.ClassifierAsync();
        var session = new TemporaryTableSet();
        session.Track(classifier.Classify("CREATE TEMP TABLE cart (item int)"));

        var mine = classifier.Classify("SELECT * FROM cart JOIN accounts ON true", session);
        var anotherSession = classifier.Classify("SELECT * FROM cart JOIN accounts ON true");
        var qualified = classifier.Classify("SELECT * FROM public.cart", session);

        Assert.Equal((QueryTarget.Primary, PrimaryReason.TemporaryTable), (mine.Target, mine.Reason));
        Assert.Equal(QueryTarget.LoadBalance, anotherSession.Target);
        Assert.Equal(QueryTarget.LoadBalance, qualified.Target);
    }

    [Theory]
    [InlineData("DROP TABLE cart")]
    [InlineData("DROP TABLE IF EXISTS pg_temp.cart, other")]
    [InlineData("DISCARD TEMP")]
    [InlineData("DISCARD ALL")]
    [InlineData("SELECT 1; DROP TABLE cart")]
    public async Task Track_DropOrDiscard_ForgetsTemporaryTable(string sql)
    {
        var classifier = await TestCatalogs.ClassifierAsync();
        var session = new TemporaryTableSet();
        session.Track(classifier.Classify("CREATE TEMP TABLE cart (item int)"));

        session.Track(classifier.Classify(sql));

        Assert.Equal(QueryTarget.LoadBalance, classifier.Classify("SELECT * FROM cart", session).Target);
    }

    [Fact]
    public async Task Track_MultiStatementCreate_TracksEveryTemporaryTable()
    {
        var classifier = await TestCatalogs.ClassifierAsync();
        var session = new TemporaryTableSet();

        session.Track(classifier.Classify("CREATE TEMP TABLE a (x int); CREATE TEMP TABLE b AS SELECT 1; INSERT INTO a VALUES (1)"));

        Assert.Equal(2, session.Count);
        Assert.Equal(QueryTarget.Primary, classifier.Classify("SELECT * FROM b", session).Target);
    }

    [Fact]
    public async Task Classify_MultiStatement_ClassifiesEachAndUnitesWhatTheyWrite()
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var query = classifier.Classify("BEGIN; UPDATE accounts SET a = 1; SELECT * FROM orders; COMMIT");

        Assert.Equal(
            [QueryKind.Transaction, QueryKind.Write, QueryKind.Read, QueryKind.Transaction],
            query.Statements.Select(statement => statement.Kind));
        Assert.True(query.IsWrite);
        Assert.Equal([new RelationName(null, "accounts")], query.WrittenTables);
    }

    [Fact]
    public async Task Classify_MultiStatementOfReads_IsNoWrite()
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var query = classifier.Classify("SELECT 1; SELECT * FROM accounts");

        Assert.False(query.IsWrite);
        Assert.Equal(QueryTarget.Primary, query.Target);
    }
}
