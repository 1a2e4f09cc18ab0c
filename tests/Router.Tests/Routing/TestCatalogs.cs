using HtapRouter.Router.Configuration;
using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Tests.Routing;

/// <summary>
/// Catalogs loaded through their real code from fixed rows, as if a primary had answered their queries: volatile
/// built-ins, a volatile user function in public and one in schema app, and tables of each persistence.
/// </summary>
internal static class TestCatalogs
{
    public static readonly string?[][] VolatileFunctions =
    [
        ["pg_catalog", "nextval"], ["pg_catalog", "setval"], ["pg_catalog", "currval"], ["pg_catalog", "lastval"],
        ["pg_catalog", "random"], ["pg_catalog", "clock_timestamp"], ["pg_catalog", "pg_advisory_lock"],
        ["public", "touch_counter"], ["app", "log_access"], ["public", "get_user_name"],
    ];

    public static readonly string?[][] PrimaryRelations =
    [
        ["public", "pgbench_accounts", "p"], ["public", "accounts", "p"], ["app", "orders", "p"],
        ["public", "scratch", "u"], ["pg_catalog", "pg_class", "p"],
    ];

    public static async Task<FunctionVolatilityCatalog> FunctionsAsync(params string?[][] rows)
    {
        var catalog = new FunctionVolatilityCatalog();
        await catalog.RefreshAsync(Rows(rows.Length == 0 ? VolatileFunctions : rows), CancellationToken.None);
        return catalog;
    }

    public static async Task<RelationCatalog> RelationsAsync(params string?[][] rows)
    {
        var catalog = new RelationCatalog();
        await catalog.RefreshAsync(Rows(rows.Length == 0 ? PrimaryRelations : rows), CancellationToken.None);
        return catalog;
    }

    public static async Task<QueryClassifier> ClassifierAsync(RouterOptions? options = null) =>
        new(options ?? new RouterOptions(), await FunctionsAsync(), await RelationsAsync());

    /// <summary>A query runner answering every query with <paramref name="rows"/>.</summary>
    public static CatalogQuery Rows(string?[][] rows) => (_, _) => Task.FromResult<IReadOnlyList<string?[]>>(rows);
}
