using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

internal enum ChangeKind
{
    Insert,
    Update,
    Delete,
    Truncate,
    Relation,
}

/// <summary>
/// One change as the primary sent it, copied out of the replication stream (whose tuples are valid only while
/// they are read). Values are pgoutput's text forms; null is SQL NULL.
/// </summary>
/// <param name="Kind">What changed.</param>
/// <param name="Table">The table, as its latest Relation message described it (for Relation: the new shape).</param>
/// <param name="NewValues">Insert and update: the new row, one value per column.</param>
/// <param name="Unchanged">Update: columns whose TOASTed value did not change and was not sent.</param>
/// <param name="KeyValues">Update and delete: the old key (or whole old row under REPLICA IDENTITY FULL), when sent.</param>
/// <param name="Truncated">Truncate: every table it truncates.</param>
/// <param name="CommitLsn">Relation: the commit position of the transaction it came in, once committed.</param>
internal sealed record RowChange(
    ChangeKind Kind,
    ReplicatedTable Table,
    string?[]? NewValues = null,
    bool[]? Unchanged = null,
    string?[]? KeyValues = null,
    IReadOnlyList<ReplicatedTable>? Truncated = null,
    ulong CommitLsn = 0);
