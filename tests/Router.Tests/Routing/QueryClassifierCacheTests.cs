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

    private static string Summary(QueryClass query) => $"{query.Kind}/{query.Target}/{query.Reason}";
}
