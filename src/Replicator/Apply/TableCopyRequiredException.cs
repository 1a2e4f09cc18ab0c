using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Apply;

/// <summary>
/// A schema change the node cannot apply exactly, because the values it gave the rows already there are not in
/// the stream and no longer in the primary's catalog: the table is to be copied again (see Sync.TableSync), and
/// the batch that met the change is not applied.
/// </summary>
internal sealed class TableCopyRequiredException : Exception
{
    public TableCopyRequiredException(ReplicatedTable table, string reason)
        : base($"{table} is copied again: {reason}")
    {
        Table = table;
        Reason = reason;
    }

    /// <summary>The table, in the shape the change gave it.</summary>
    public ReplicatedTable Table { get; }

    /// <summary>Why the rows already there cannot be brought to the new shape here.</summary>
    public string Reason { get; }
}
