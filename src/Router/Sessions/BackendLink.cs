using HtapRouter.Router.Backends;

namespace HtapRouter.Router.Sessions;

/// <summary>What a message sent to a backend will be answered with, so a relay knows where an answer ends.</summary>
internal enum Expect : byte
{
    /// <summary>Parse: ParseComplete.</summary>
    Parse,

    /// <summary>Bind: BindComplete.</summary>
    Bind,

    /// <summary>Describe of a statement: ParameterDescription, then RowDescription or NoData.</summary>
    DescribeStatement,

    /// <summary>Describe of a portal: RowDescription or NoData.</summary>
    DescribePortal,

    /// <summary>Execute: rows, then CommandComplete, EmptyQueryResponse or PortalSuspended.</summary>
    Execute,

    /// <summary>Close: CloseComplete.</summary>
    Close,

    /// <summary>Sync, a simple Query or a FunctionCall: everything up to ReadyForQuery.</summary>
    Ready,
}

/// <summary>One message's expected answer, and whether the client sees it (the router's own messages are silent).</summary>
internal readonly record struct Pending(Expect Expect, bool Silent);

/// <summary>
/// A backend connection in use by one session, with the answers it still owes: messages are forwarded as they
/// come and answered in order, so counting them is how the relay knows when a backend has said all it will.
/// </summary>
internal sealed class BackendLink(BackendConnection connection)
{
    public BackendConnection Connection { get; } = connection;

    public BackendNode Node => Connection.Node;

    /// <summary>The backend's transaction status from its last ReadyForQuery.</summary>
    public PgWire.Protocol.Messages.TransactionStatus TransactionStatus => Connection.TransactionStatus;

    public Queue<Pending> Pending { get; } = new();

    /// <summary>Messages were written to the backend but not flushed yet.</summary>
    public bool Unflushed { get; set; }

    /// <summary>Touched since the last Sync: it gets a Sync when the client sends one.</summary>
    public bool InBatch { get; set; }

    /// <summary>The backend reported an error and skips extended-protocol messages until its next Sync.</summary>
    public bool Skipping { get; set; }

    /// <summary>How many answers are owed that are not a ReadyForQuery.</summary>
    public bool OwesAnswersBeforeReady => Pending.Count > 0 && Pending.Peek().Expect != Expect.Ready;
}
