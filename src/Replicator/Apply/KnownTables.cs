namespace HtapRouter.Replicator.Apply;

/// <summary>
/// The tables the node has, with the position each was copied at (0 unless it was copied after the initial copy,
/// see Sync.TableSync): by relation OID, which a rename or a move to another schema keeps, and by DuckDB schema
/// and name for tables a node recorded before it recorded relations, which the first Relation message for them
/// then claims (see <see cref="SchemaApplier"/>).
/// </summary>
internal sealed class KnownTables
{
    public Dictionary<uint, ulong> ByRelation { get; } = [];

    public Dictionary<(string Schema, string Table), ulong> ByName { get; } = [];

    /// <summary>Whether the node has the relation's table, and the position it was copied at.</summary>
    public bool TryGet(uint relationId, string duckSchema, string name, out ulong copiedAt) =>
        ByRelation.TryGetValue(relationId, out copiedAt) || ByName.TryGetValue((duckSchema, name), out copiedAt);
}
