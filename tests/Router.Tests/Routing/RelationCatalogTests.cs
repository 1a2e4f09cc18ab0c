using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Tests.Routing;

/// <summary>How the catalog resolves names, on rows as a node returns them.</summary>
public class RelationCatalogTests
{
    [Theory]
    [InlineData(null, "accounts", true)]
    [InlineData("public", "accounts", true)]
    [InlineData("app", "orders", true)]
    [InlineData(null, "orders", false)]
    [InlineData("public", "orders", false)]
    [InlineData(null, "missing", false)]
    [InlineData(null, "pg_class", true)]
    [InlineData("pg_catalog", "pg_proc", true)]
    [InlineData("information_schema", "columns", true)]
    [InlineData("pg_temp", "accounts", false)]
    public async Task Contains_Name_ResolvesUnqualifiedToPublicOrCatalog(string? schema, string name, bool expected)
    {
        var catalog = await TestCatalogs.RelationsAsync();

        Assert.Equal(expected, catalog.Contains(new RelationName(schema, name)));
    }

    [Fact]
    public async Task HasAll_OneMissing_IsFalse()
    {
        var catalog = await TestCatalogs.RelationsAsync();

        Assert.True(catalog.HasAll([new(null, "accounts"), new("app", "orders"), new("pg_catalog", "pg_type")]));
        Assert.False(catalog.HasAll([new(null, "accounts"), new(null, "nowhere")]));
        Assert.True(catalog.HasAll([]));
    }

    [Theory]
    [InlineData(null, "accounts", RelationPersistence.Permanent)]
    [InlineData(null, "scratch", RelationPersistence.Unlogged)]
    [InlineData("pg_temp", "anything", RelationPersistence.Temporary)]
    [InlineData(null, "missing", RelationPersistence.Unknown)]
    public async Task GetPersistence_Name_ReadsRelpersistence(string? schema, string name, RelationPersistence expected)
    {
        var catalog = await TestCatalogs.RelationsAsync();

        Assert.Equal(expected, catalog.GetPersistence(new RelationName(schema, name)));
    }

    [Fact]
    public void Contains_BeforeLoad_IsFalseEvenForCatalogs()
    {
        var catalog = new RelationCatalog();

        Assert.False(catalog.Contains(new RelationName(null, "pg_class")));
        Assert.Equal(RelationPersistence.Unknown, catalog.GetPersistence(new RelationName(null, "accounts")));
    }

    [Fact]
    public async Task RefreshAsync_MalformedRow_SaysWhatItExpected()
    {
        var catalog = new RelationCatalog();

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => catalog.RefreshAsync(TestCatalogs.Rows([["public", null, "p"]]), CancellationToken.None));

        Assert.Contains("relname", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_Again_ChangesVersion()
    {
        var catalog = await TestCatalogs.RelationsAsync();
        var before = catalog.Version;

        await catalog.RefreshAsync(TestCatalogs.Rows([]), CancellationToken.None);

        Assert.NotEqual(before, catalog.Version);
        Assert.False(catalog.Contains(new RelationName(null, "accounts")));
    }
}
