namespace HtapRouter.Replicator;

/// <summary>Logging event ids of the replicator, in one place (5000-5999).</summary>
internal static class ReplicatorEventIds
{
    public const int Starting = 5000;
    public const int PublicationCreated = 5001;
    public const int SlotCreated = 5002;
    public const int SyncTableStarted = 5003;
    public const int SyncTableProgress = 5004;
    public const int SyncTableDone = 5005;
    public const int SyncDone = 5006;
    public const int Streaming = 5007;
    public const int BatchApplied = 5008;
    public const int TableCreated = 5009;
    public const int TableAltered = 5010;
    public const int UnmappedType = 5011;
    public const int Reconnecting = 5012;
    public const int PrimaryUnusable = 5013;
    public const int SyncRestarted = 5014;
    public const int TableCopied = 5015;
    public const int CopyingAgain = 5016;
    public const int SlowStop = 5017;
    public const int StopAbandoned = 5018;
}
