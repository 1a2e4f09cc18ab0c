namespace HtapRouter.PgQuery.Tree;

/// <summary>
/// The name of a called function as written (not resolved against search_path). Some SQL syntax calls catalog
/// functions and is written into the tree that way: <c>EXTRACT(...)</c> is <c>pg_catalog.extract</c>, <c>x AT TIME
/// ZONE y</c> is <c>pg_catalog.timezone</c>.
/// </summary>
public sealed record PgFunctionName(string? Catalog, string? Schema, string Name)
{
    public override string ToString() => Catalog is not null ? $"{Catalog}.{Schema}.{Name}"
        : Schema is not null ? $"{Schema}.{Name}"
        : Name;
}
