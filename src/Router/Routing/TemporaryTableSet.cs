namespace HtapRouter.Router.Routing;

/// <summary>
/// The temporary tables (and views and sequences) one session has created: they exist only on its connection to
/// the primary, so its reads of them must go there. Not thread-safe: it belongs to one session.
/// </summary>
/// <remarks>
/// Tracking errs towards the primary: a temporary table whose CREATE was rolled back, or that was renamed, stays
/// tracked until dropped or discarded, which only sends reads of that name to the primary.
/// </remarks>
public sealed class TemporaryTableSet
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public int Count => _names.Count;

    /// <summary>
    /// Whether <paramref name="relation"/> names one of the session's temporary tables: unqualified (pg_temp comes
    /// first in the search path) or in pg_temp.
    /// </summary>
    public bool Contains(RelationName relation) =>
        relation.Schema is null or RelationName.TemporarySchema && _names.Contains(relation.Name);

    /// <summary>
    /// Follows a query string that has run on the primary without error: adds the temporary tables it created,
    /// forgets those it dropped, and forgets all on DISCARD ALL or DISCARD TEMP.
    /// </summary>
    public void Track(QueryClass query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Kind == QueryKind.MultiStatement)
        {
            foreach (var statement in query.Statements)
            {
                Track(statement);
            }
            return;
        }
        if (query.Session?.Kind is SessionCommandKind.DiscardAll or SessionCommandKind.DiscardTemp)
        {
            _names.Clear();
        }
        foreach (var dropped in query.DroppedRelations)
        {
            if (dropped.Schema is null or RelationName.TemporarySchema)
            {
                _names.Remove(dropped.Name);
            }
        }
        _names.UnionWith(query.CreatedTemporaryTables);
    }

    public void Clear() => _names.Clear();
}
