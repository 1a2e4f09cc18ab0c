namespace HtapRouter.Replicator.Decoding;

/// <summary>pgoutput's message types (PostgreSQL's "Logical Replication Message Formats"), by their type byte.</summary>
internal enum PgOutputKind : byte
{
    Begin = (byte)'B',
    Commit = (byte)'C',
    Origin = (byte)'O',
    Relation = (byte)'R',
    Type = (byte)'Y',
    Insert = (byte)'I',
    Update = (byte)'U',
    Delete = (byte)'D',
    Truncate = (byte)'T',
    Message = (byte)'M',
    StreamStart = (byte)'S',
    StreamStop = (byte)'E',
    StreamCommit = (byte)'c',
    StreamAbort = (byte)'A',
}

/// <summary>A column of a Relation message.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="TypeOid">Its type's OID.</param>
/// <param name="TypeModifier">Its atttypmod.</param>
/// <param name="IsKey">Part of the replica identity.</param>
internal readonly record struct RelationColumn(string Name, uint TypeOid, int TypeModifier, bool IsKey);

/// <summary>
/// One decoded pgoutput message. The decoder fills the one instance again for every message (see
/// <see cref="PgOutputDecoder"/>), so only what a message of its kind has is meaningful; the row values are new arrays
/// each time, which the changes that carry them keep.
/// </summary>
internal sealed class PgOutputMessage
{
    public PgOutputKind Kind { get; set; }

    /// <summary>
    /// Inside a streamed transaction's block (protocol 2), the xid of the (sub)transaction a change belongs to; for
    /// Stream Start, Stream Commit and Stream Abort, the streamed transaction's; otherwise null.
    /// </summary>
    public uint? Xid { get; set; }

    /// <summary>Stream Abort: the subtransaction rolled back (the transaction's own xid when all of it is).</summary>
    public uint SubXid { get; set; }

    /// <summary>Begin: the final LSN of the transaction; Commit and Stream Commit: the LSN of the commit record.</summary>
    public ulong CommitLsn { get; set; }

    /// <summary>Commit and Stream Commit: the end LSN of the transaction.</summary>
    public ulong EndLsn { get; set; }

    /// <summary>Begin, Commit and Stream Commit: the commit time.</summary>
    public DateTimeOffset CommitTime { get; set; }

    /// <summary>Relation, Insert, Update and Delete: the relation's OID.</summary>
    public uint RelationId { get; set; }

    /// <summary>Relation: the schema (empty for pg_catalog, as pgoutput sends it).</summary>
    public string Namespace { get; set; } = "";

    /// <summary>Relation: the table's name.</summary>
    public string RelationName { get; set; } = "";

    /// <summary>Relation: relreplident: d(efault), n(othing), f(ull) or i(ndex).</summary>
    public char ReplicaIdentity { get; set; }

    /// <summary>Relation: the columns, in order.</summary>
    public List<RelationColumn> Columns { get; } = [];

    /// <summary>Update and Delete: 'K' when the old tuple holds the key columns only, 'O' when it holds the whole old row, '\0' when none was sent.</summary>
    public char OldTupleKind { get; set; }

    /// <summary>Update and Delete: the old tuple's values (text; null for NULL), when sent.</summary>
    public string?[]? OldValues { get; set; }

    /// <summary>Insert and Update: the new row's values (text; null for NULL or an unchanged TOASTed value).</summary>
    public string?[]? NewValues { get; set; }

    /// <summary>Update: the columns of the new row left out as unchanged TOASTed values; null when none.</summary>
    public bool[]? NewUnchanged { get; set; }

    /// <summary>Truncate: the relations truncated.</summary>
    public List<uint> TruncatedRelations { get; } = [];
}
