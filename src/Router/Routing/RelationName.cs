using HtapRouter.PgQuery.Tree;

namespace HtapRouter.Router.Routing;

/// <summary>
/// A relation as a statement names it. Names are as PostgreSQL folds them: lower case unless quoted.
/// </summary>
/// <param name="Schema">The schema as written; null when the name is unqualified.</param>
/// <param name="Name">The relation's name.</param>
public readonly record struct RelationName(string? Schema, string Name)
{
    /// <summary>pg_temp: the session's own temporary schema, whatever its real name.</summary>
    public const string TemporarySchema = "pg_temp";

    /// <summary>The relation a parse tree names (a database part, which must be the current database, is dropped).</summary>
    public static RelationName Of(PgRelation relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        return new RelationName(relation.Schema, relation.Name);
    }

    /// <summary>Whether the name is in pg_catalog or information_schema, or unqualified and pg_-prefixed as catalog relations are.</summary>
    public bool IsSystemCatalog => Schema is null
        ? Name.StartsWith("pg_", StringComparison.Ordinal)
        : Schema is "pg_catalog" or "information_schema";

    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}
