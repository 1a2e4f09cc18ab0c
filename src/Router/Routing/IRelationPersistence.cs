namespace HtapRouter.Router.Routing;

/// <summary>How a relation of the primary persists: unlogged and temporary ones are not replicated to standbys.</summary>
public interface IRelationPersistence
{
    /// <summary>Changes whenever the answers may change, so that whoever caches them knows to drop them.</summary>
    long Version { get; }

    /// <summary>How <paramref name="relation"/> persists; unqualified names are resolved as <see cref="RelationCatalog"/> does.</summary>
    RelationPersistence GetPersistence(RelationName relation);
}

/// <summary>pg_class.relpersistence.</summary>
public enum RelationPersistence
{
    /// <summary>Not in the catalog, or the catalog is not loaded.</summary>
    Unknown,

    /// <summary>'p': logged, so replicated.</summary>
    Permanent,

    /// <summary>'u': not WAL-logged, so standbys have it empty or not at all.</summary>
    Unlogged,

    /// <summary>'t': visible only to the session that created it.</summary>
    Temporary,
}
