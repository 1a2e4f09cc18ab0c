using HtapRouter.Router.Configuration;
using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Tests.Routing;

public class QueryClassifierCacheTests
{
    [Fact]
    public async Task Classify_SameTextTwice_ReturnsSameClass()
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var first = classifier.Classify("SELECT * FROM accounts WHERE id = $1");
        var second = classifier.Classify("SELECT * FROM accounts WHERE id = $1");

        Assert.Same(first, second);
    }

    [Fact]
    public async Task Classify_AfterFunctionCatalogReload_DecidesAgain()
    {
        var functions = await TestCatalogs.FunctionsAsync();
        var classifier = new QueryClassifier(new RouterOptions(), functions, await TestCatalogs.RelationsAsync());
        Assert.Equal(QueryKind.Read, classifier.Classify("SELECT new_function()").Kind);

        await functions.RefreshAsync(TestCatalogs.Rows([["public", "new_function"]]), CancellationToken.None);

        Assert.Equal(QueryKind.Write, classifier.Classify("SELECT new_function()").Kind);
    }

    [Fact]
    public async Task Classify_AfterRelationCatalogReload_DecidesAgain()
    {
        var relations = await TestCatalogs.RelationsAsync();
        var classifier = new QueryClassifier(new RouterOptions(), await TestCatalogs.FunctionsAsync(), relations);
        Assert.Equal(QueryTarget.LoadBalance, classifier.Classify("SELECT * FROM accounts").Target);

        await relations.RefreshAsync(TestCatalogs.Rows([["public", "accounts", "u"]]), CancellationToken.None);

        Assert.Equal(PrimaryReason.UnloggedTable, classifier.Classify("SELECT * FROM accounts").Reason);
    }

    [Fact]
    public async Task Classify_CachedReadThenSessionWithTemporaryTable_AppliesSession()
    {
        var classifier = await TestCatalogs.ClassifierAsync();
        var session = new TemporaryTableSet();
        session.Track(classifier.Classify("CREATE TEMP TABLE accounts (id int)"));

        var cached = classifier.Classify("SELECT * FROM accounts");
        var forSession = classifier.Classify("SELECT * FROM accounts", session);

        Assert.Equal(QueryTarget.LoadBalance, cached.Target);
        Assert.Equal(PrimaryReason.TemporaryTable, forSession.Reason);
        Assert.Equal(QueryTarget.LoadBalance, classifier.Classify("SELECT * FROM accounts").Target);
    }

    [Fact]
    public async Task Classify_FromManyThreads_AgreesWithOneThread()
    {
        var classifier = await TestCatalogs.ClassifierAsync();
        var texts = QueryClassifierTests.Rules().Select(row => (string)row[0]).ToArray();
        var reference = await TestCatalogs.ClassifierAsync();
        var expected = texts.Select(text => reference.Classify(text)).Select(Summary).ToArray();

        var results = new string[8][];
        await Task.WhenAll(Enumerable.Range(0, results.Length).Select(t => Task.Run(() =>
        {
            results[t] = new string[texts.Length * 20];
            for (var i = 0; i < results[t].Length; i++)
            {
                results[t][i] = Summary(classifier.Classify(texts[(i + t) % texts.Length]));
            }
        })));

        for (var t = 0; t < results.Length; t++)
        {
            for (var i = 0; i < results[t].Length; i++)
            {
                Assert.Equal(expected[(i + t) % texts.Length], results[t][i]);
            }
        }
    }

    [Fact]
    public async Task Classify_TextsDifferingOnlyInConstants_ShareOneClass()
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var first = classifier.Classify("SELECT * FROM accounts WHERE id = 4711 AND name = 'x'");
        var second = classifier.Classify("SELECT * FROM accounts WHERE id = 815 AND name = 'it''s'");

        Assert.Same(first, second);
    }

    [Fact]
    public async Task Classify_SettingsWithDifferentValues_AreNotShared()
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var first = classifier.Classify("SET statement_timeout = 1000");
        var second = classifier.Classify("SET statement_timeout = 2000");

        Assert.NotSame(first, second);
        Assert.Equal("2000", second.Session!.Value);
    }

    [Fact]
    public async Task Classify_WithPrimaryRoutingPatterns_SeesEachTextsConstants()
    {
        var options = new RouterOptions { PrimaryRoutingQueryPatternList = [".*id = 42.*"] };
        var classifier = new QueryClassifier(options, await TestCatalogs.FunctionsAsync(), await TestCatalogs.RelationsAsync());

        Assert.Equal(QueryTarget.LoadBalance, classifier.Classify("SELECT * FROM accounts WHERE id = 7").Target);
        Assert.Equal(QueryTarget.Primary, classifier.Classify("SELECT * FROM accounts WHERE id = 42").Target);
    }

    [Fact]
    public async Task Classify_WithEveryRuleTextCachedTogether_AgreesWithAFreshClassifierForEach()
    {
        // Shapes of different texts must never lend one text another's class: every rule's text, classified by one
        // classifier that has seen all the others (twice, so the second round comes from the cache), gets the class
        // a classifier that has seen nothing else gives it.
        var texts = QueryClassifierTests.Rules().Select(row => (string)row[0]).ToArray();
        var shared = await TestCatalogs.ClassifierAsync();
        foreach (var text in texts)
        {
            shared.Classify(text);
        }

        foreach (var text in texts)
        {
            var fresh = await TestCatalogs.ClassifierAsync();
            Assert.Equal((text, Detail(fresh.Classify(text))), (text, Detail(shared.Classify(text))));
        }
    }

    private static string Detail(QueryClass query) =>
        $"{Summary(query)}/{query.IsWrite}/{query.StatementKind}/{string.Join(",", query.ReadRelations)}/{string.Join(",", query.WrittenTables)}" +
        $"/{query.Session?.Value}/{query.Transaction?.Kind}";

    private static string Summary(QueryClass query) => $"{query.Kind}/{query.Target}/{query.Reason}";
}
