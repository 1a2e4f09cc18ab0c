namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// Names of the PostgreSQL-shaped catalog the node keeps in DuckDB: an in-memory database attached as
/// <see cref="Database"/>, whose <see cref="Schema"/> holds pg_catalog's relations and functions and whose
/// <see cref="InformationSchema"/> holds information_schema's views. Clients never name it: the query rewriter
/// sends their pg_catalog and information_schema references here.
/// </summary>
internal static class PgCatalog
{
    /// <summary>The attached in-memory database that holds the catalog.</summary>
    public const string Database = "htap_catalog";

    /// <summary>pg_catalog's relations and functions; DuckDB keeps the name pg_catalog for its own.</summary>
    public const string Schema = "main";

    /// <summary>information_schema's views; DuckDB keeps the name information_schema for its own.</summary>
    public const string InformationSchema = "information_schema_pg";

    /// <summary>
    /// The schema in the served DuckDB file where the replicator records what DuckDB cannot hold itself, hidden
    /// from listings. Its table column_types(schema_name, table_name, column_name, type_oid, typmod) overrides
    /// the PostgreSQL type the catalog derives from a column's DuckDB type (varchar(n), enums, ...).
    /// </summary>
    public const string MetadataSchema = "htap_meta";

    /// <summary>Session variables (DuckDB SET VARIABLE) the catalog's views read: the database and user connected to.</summary>
    public const string DatabaseVariable = "htap_database";

    public const string UserVariable = "htap_user";
}
