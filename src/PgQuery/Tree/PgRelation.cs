using PgQuery;

namespace HtapRouter.PgQuery.Tree;

/// <summary>How a relation was declared, from <c>RangeVar.relpersistence</c>.</summary>
public enum PgRelationPersistence
{
    Permanent,
    Unlogged,
    Temporary,
}

/// <summary>
/// A relation named in a statement (a <c>RangeVar</c>), as written: names are not resolved against search_path, so
/// <see cref="Schema"/> is null when the statement did not qualify the name.
/// </summary>
/// <param name="Catalog">The database part of a three-part name, else null.</param>
/// <param name="Schema">The schema as written, else null.</param>
/// <param name="Name">The relation name as written (folded to lower case unless quoted, as PostgreSQL does).</param>
/// <param name="Persistence">
/// <see cref="PgRelationPersistence.Temporary"/> or <see cref="PgRelationPersistence.Unlogged"/> only where the
/// statement says so (CREATE TEMP/UNLOGGED TABLE, SELECT INTO TEMP); a reference to an existing temporary table reads
/// as permanent unless it is qualified with pg_temp.
/// </param>
/// <param name="IsCteReference">
/// True when the unqualified name refers to a WITH query in scope rather than to a table.
/// </param>
/// <param name="RangeVar">The tree node itself, for rewriting.</param>
public sealed record PgRelation(
    string? Catalog, string? Schema, string Name, PgRelationPersistence Persistence, bool IsCteReference, RangeVar RangeVar)
{
    public override string ToString() => Catalog is not null ? $"{Catalog}.{Schema}.{Name}"
        : Schema is not null ? $"{Schema}.{Name}"
        : Name;
}
