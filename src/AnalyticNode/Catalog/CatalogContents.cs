using System.Collections.Frozen;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// What the installed catalog answers: the relations and functions the rewriter sends to it. Empty until
/// <see cref="PgCatalogInstaller"/> has installed the catalog; replaced whole, so readers on other threads see
/// either the old or the new sets.
/// </summary>
internal sealed class CatalogContents
{
    private volatile Sets _sets = new(FrozenSet<string>.Empty, FrozenSet<string>.Empty, FrozenSet<string>.Empty);

    /// <summary>pg_catalog relations (pg_class, pg_type, ...).</summary>
    public FrozenSet<string> Relations => _sets.Relations;

    /// <summary>information_schema views (tables, columns, ...).</summary>
    public FrozenSet<string> InformationSchemaViews => _sets.InformationSchemaViews;

    /// <summary>pg_catalog functions defined as DuckDB macros (format_type, pg_get_userbyid, ...).</summary>
    public FrozenSet<string> Functions => _sets.Functions;

    public void Set(IEnumerable<string> relations, IEnumerable<string> informationSchemaViews, IEnumerable<string> functions) =>
        _sets = new(relations.ToFrozenSet(StringComparer.Ordinal), informationSchemaViews.ToFrozenSet(StringComparer.Ordinal),
            functions.ToFrozenSet(StringComparer.Ordinal));

    private sealed record Sets(FrozenSet<string> Relations, FrozenSet<string> InformationSchemaViews, FrozenSet<string> Functions);
}
