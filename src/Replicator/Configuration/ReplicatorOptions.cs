namespace HtapRouter.Replicator.Configuration;

/// <summary>What to replicate from where, and how changes are batched into DuckDB. Section "Replicator".</summary>
public sealed record ReplicatorOptions
{
    public const string Section = "Replicator";

    /// <summary>Npgsql connection string of the primary; its user needs the REPLICATION attribute (or superuser).</summary>
    public string? Primary { get; init; }

    /// <summary>The publication to subscribe to. Default htap_pub, created FOR ALL TABLES when missing.</summary>
    public string Publication { get; init; } = "htap_pub";

    /// <summary>Tables for a publication created here ("schema.table" or "table"); empty means FOR ALL TABLES.</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>The logical replication slot (pgoutput). Default htap_slot, created when missing.</summary>
    public string Slot { get; init; } = "htap_slot";

    /// <summary>
    /// How many changes may wait for the applier while it applies a batch (at a transaction boundary) before the
    /// stream stops reading until it takes them: the size a backlog's batches grow to. Default 50,000.
    /// </summary>
    public int BatchMaxChanges { get; init; } = 50_000;

    /// <summary>
    /// How long the applier, when free, waits after a transaction commits for more to join its batch. Default 0:
    /// a transaction is applied as soon as the applier is free, and those that commit while it is busy make up its
    /// next batch, so batches grow with the load without delaying a quiet stream.
    /// </summary>
    public TimeSpan BatchMaxDelay { get; init; } = TimeSpan.Zero;

    /// <summary>First wait before reconnecting after a failure; doubles up to <see cref="MaxReconnectDelay"/>. Default 1 s.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reconnection attempts. Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often to look for tables added to the publication, which are then copied. Default 2 s.</summary>
    public TimeSpan PublicationCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often to report the applied position to the primary while streaming. Default 1 s.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);
}
