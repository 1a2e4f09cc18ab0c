using System.Collections.Frozen;

namespace HtapRouter.Router.Routing;

/// <summary>
/// The relations one node has, and how each persists, loaded by <see cref="RefreshAsync"/> and swapped in whole. For
/// an analytic standby it answers whether a read can run there (<see cref="HasAll"/>); for the primary it tells the
/// classifier which tables are unlogged.
/// </summary>
/// <remarks>
/// Names resolve as with search_path "$user", public, kept simple: an unqualified name is public's, or a system
/// catalog's when it starts with pg_ (pg_catalog comes first in every search path). pg_catalog and
/// information_schema count as present: PostgreSQL has them and the analytic node serves them. Until the first load
/// nothing is present and every persistence is unknown.
/// </remarks>
public sealed class RelationCatalog : IRelationPersistence
{
    /// <summary>
    /// Tables, partitioned tables, views, materialized views, foreign tables and sequences, without other sessions'
    /// temporary ones. It reads only pg_class and pg_namespace columns the analytic node serves too.
    /// </summary>
    public const string Sql =
        "SELECT n.nspname, c.relname, c.relpersistence FROM pg_catalog.pg_class c "
        + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relpersistence <> 't'";

    private const string PublicSchema = "public";

    private Snapshot? _snapshot;
    private long _loads;

    public bool IsLoaded => Volatile.Read(ref _snapshot) is not null;

    /// <summary>How many relations the last load found.</summary>
    public int Count => Volatile.Read(ref _snapshot)?.Relations.Count ?? 0;

    public long Version => Volatile.Read(ref _snapshot)?.Version ?? 0;

    /// <summary>Loads the relations through <paramref name="query"/> (<see cref="Sql"/> on the node) and swaps them in.</summary>
    /// <exception cref="InvalidDataException">The rows are not (schema, name, persistence) triples.</exception>
    public async Task RefreshAsync(CatalogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await query(Sql, cancellationToken).ConfigureAwait(false);
        var relations = new Dictionary<(string Schema, string Name), RelationPersistence>();
        foreach (var row in rows)
        {
            if (row is not [{ } schema, { } name, var persistence])
            {
                throw new InvalidDataException($"The relation query returned a row of {row.Length} columns or with NULL names; expected nspname, relname and relpersistence.");
            }
            relations[(schema, name)] = persistence switch
            {
                "u" => RelationPersistence.Unlogged,
                "t" => RelationPersistence.Temporary,
                _ => RelationPersistence.Permanent,
            };
        }
        Volatile.Write(ref _snapshot, new Snapshot(relations.ToFrozenDictionary(), Interlocked.Increment(ref _loads)));
    }

    /// <summary>Whether the node has <paramref name="relation"/> for any session (so never a pg_temp one).</summary>
    public bool Contains(RelationName relation) =>
        GetPersistence(relation) is not (RelationPersistence.Unknown or RelationPersistence.Temporary);

    /// <summary>Whether the node has every one of <paramref name="relations"/>.</summary>
    public bool HasAll(IEnumerable<RelationName> relations)
    {
        ArgumentNullException.ThrowIfNull(relations);
        foreach (var relation in relations)
        {
            if (!Contains(relation))
            {
                return false;
            }
        }
        return true;
    }

    public RelationPersistence GetPersistence(RelationName relation)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null)
        {
            return RelationPersistence.Unknown;
        }
        if (relation.Schema == RelationName.TemporarySchema)
        {
            return RelationPersistence.Temporary;
        }
        if (relation.IsSystemCatalog)
        {
            return RelationPersistence.Permanent;
        }
        return snapshot.Relations.GetValueOrDefault((relation.Schema ?? PublicSchema, relation.Name));
    }

    private sealed record Snapshot(FrozenDictionary<(string Schema, string Name), RelationPersistence> Relations, long Version);
}
