using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Tests.Routing;

public class ClassificationCacheTests
{
    private static readonly ClassificationCache.Entry Entry = new(QueryClass.Empty, false, 0, 0);

    [Fact]
    public void Add_BeyondCapacity_StartsOver()
    {
        var cache = new ClassificationCache(capacity: 2);
        cache.Add("a", Entry);
        cache.Add("b", Entry);

        cache.Add("c", Entry);

        Assert.False(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        cache.Add("d", Entry);
        Assert.True(cache.TryGet("d", out _));
    }

    [Fact]
    public void Add_TextOverLengthLimit_IsNotCached()
    {
        var cache = new ClassificationCache(capacity: 10);
        var text = new string('x', ClassificationCache.MaxTextLength + 1);

        cache.Add(text, Entry);

        Assert.False(cache.TryGet(text, out _));
    }

    [Fact]
    public void Add_SameTextAgain_ReplacesEntryWithoutCountingIt()
    {
        var cache = new ClassificationCache(capacity: 2);
        var replacement = Entry with { FunctionsVersion = 7 };
        cache.Add("a", Entry);
        cache.Add("a", replacement);

        cache.Add("b", Entry);

        Assert.True(cache.TryGet("a", out var entry));
        Assert.Equal(7, entry.FunctionsVersion);
    }
}
