namespace HtapRouter.PgQuery.Tests;

public class PgParserParallelTests
{
    [Fact]
    public void Parse_FromManyThreadsAtOnce_GivesSameResultsAsOneThread()
    {
        var corpus = SqlCorpus.Statements;
        var expected = corpus.Select(sql => PgParser.Deparse(PgParser.Parse(sql))).ToArray();
        var expectedError = Assert.Throws<PgSqlSyntaxException>(() => PgParser.Parse("select 'é' frm x"));
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        // Dedicated threads, more than there are cores, so the native parser really runs interleaved.
        var threads = Enumerable.Range(0, 16).Select(t => new Thread(() =>
        {
            for (var round = 0; round < 20; round++)
            {
                for (var i = 0; i < corpus.Length; i++)
                {
                    var index = (i + t) % corpus.Length;
                    var deparsed = PgParser.Deparse(PgParser.Parse(corpus[index]));
                    if (deparsed != expected[index])
                    {
                        failures.Add($"thread {t}: {deparsed}");
                    }
                }
                if (PgParser.TryParse("select 'é' frm x", out _, out var error) || error.Position != expectedError.Position
                    || error.Message != expectedError.Message)
                {
                    failures.Add($"thread {t}: error {error?.Message} at {error?.Position}");
                }
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.Empty(failures);
    }
}
