using System.Collections.Immutable;

namespace HtapRouter.Replicator.Schema;

/// <summary>A column of a replicated table as the latest Relation message describes it.</summary>
/// <param name="Name">The column name on the primary, also its name in DuckDB.</param>
/// <param name="TypeOid">The primary's type OID.</param>
/// <param name="TypeModifier">The primary's atttypmod.</param>
/// <param name="IsKey">Part of the replica identity (primary key, index, or every column under FULL).</param>
/// <param name="Type">The DuckDB type and value conversion.</param>
/// <param name="NotNull">NOT NULL on the primary, mirrored in DuckDB.</param>
/// <param name="MissingValue">
/// The text of the value that rows older than the column read for it (pg_attribute.attmissingval: the default it
/// was added with, stored once instead of in each row, so never streamed); null when there is none.
/// </param>
/// <param name="OlderRowsUnknown">
/// Rows older than the column may hold a value for it that neither the stream nor the primary's catalog shows
/// any more (see Primary.PrimaryCatalog.MatchColumns): a node that has such rows copies the table again.
/// </param>
public sealed record ReplicatedColumn(string Name, uint TypeOid, int TypeModifier, bool IsKey, ColumnType Type, bool NotNull = false,
    string? MissingValue = null, bool OlderRowsUnknown = false)
{
    /// <summary>
    /// The column's default on the primary as pg_get_expr prints it, which the node's catalog shows (psql's
    /// <c>\d</c>); DuckDB's table has none, since only replicated rows are written.
    /// </summary>
    public string? Default { get; init; }
}

/// <summary>
/// A published table: where it lives on the primary and in DuckDB (same schema and name), and its columns.
/// Immutable; a Relation message that changes the table replaces it.
/// </summary>
public sealed record ReplicatedTable(uint RelationId, string Schema, string Name, ImmutableArray<ReplicatedColumn> Columns, bool IdentityFull)
{
    /// <summary>
    /// The primary key and unique constraints the primary has on the table, which the node's catalog shows (psql's
    /// <c>\d</c> lists them as indexes) though the DuckDB table has none.
    /// </summary>
    public ImmutableArray<TableKey> Keys { get; init; } = [];

    /// <summary>
    /// The DuckDB schema: the primary's, except that public is DuckDB's main, which the node's catalog shows
    /// as public, and where unqualified names resolve, as in PostgreSQL.
    /// </summary>
    public string DuckSchema => DuckSchemaOf(Schema);

    /// <summary>The DuckDB schema for a primary's schema (see <see cref="DuckSchema"/>).</summary>
    public static string DuckSchemaOf(string schema) => schema == "public" ? "main" : schema;

    /// <summary>The primary's name, schema-qualified and quoted.</summary>
    public string PrimaryName => $"{Quote(Schema)}.{Quote(Name)}";

    /// <summary>The DuckDB name, schema-qualified and quoted.</summary>
    public string QualifiedName => $"{Quote(DuckSchema)}.{Quote(Name)}";

    /// <summary>The columns updates and deletes find rows by: the replica identity, or all under FULL.</summary>
    public IEnumerable<ReplicatedColumn> KeyColumns => IdentityFull ? Columns : Columns.Where(c => c.IsKey);

    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public override string ToString() => $"{Schema}.{Name}";
}

/// <summary>A primary key (<paramref name="Kind"/> 'p') or unique constraint ('u') on the primary, with its columns in key order.</summary>
public sealed record TableKey(string Name, char Kind, ImmutableArray<string> Columns);
