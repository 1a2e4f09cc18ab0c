using HtapRouter.PgQuery.Tree;
using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Tests.Routing;

public class FunctionVolatilityCatalogTests
{
    [Theory]
    [InlineData(null, "touch_counter", true)]
    [InlineData("public", "touch_counter", true)]
    [InlineData("app", "touch_counter", false)]
    [InlineData(null, "log_access", true)]
    [InlineData("app", "log_access", true)]
    [InlineData(null, "lower", false)]
    public async Task IsVolatile_Name_MatchesSchemaWhenQualifiedAndAnySchemaWhenNot(string? schema, string name, bool expected)
    {
        var catalog = await TestCatalogs.FunctionsAsync();

        Assert.Equal(expected, catalog.IsVolatile(new PgFunctionName(null, schema, name)));
    }

    [Fact]
    public void IsVolatile_BeforeLoad_IsTrue()
    {
        var catalog = new FunctionVolatilityCatalog();

        Assert.True(catalog.IsVolatile(new PgFunctionName(null, null, "lower")));
        Assert.False(catalog.IsLoaded);
    }
}
