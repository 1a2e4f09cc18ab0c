namespace HtapRouter.Router.Routing;

/// <summary>A transaction control statement.</summary>
/// <param name="Kind">Which one.</param>
/// <param name="Modes">The modes BEGIN or START TRANSACTION sets; <see cref="TransactionModes.None"/> for the others.</param>
/// <param name="Name">The savepoint name, or the global transaction id of two-phase commit; null otherwise.</param>
/// <param name="Chain">COMMIT AND CHAIN or ROLLBACK AND CHAIN: a new transaction with the same modes starts at once.</param>
public sealed record TransactionCommand(TransactionCommandKind Kind, TransactionModes Modes, string? Name, bool Chain);

public enum TransactionCommandKind
{
    /// <summary>BEGIN or START TRANSACTION.</summary>
    Begin,

    /// <summary>COMMIT or END.</summary>
    Commit,

    /// <summary>ROLLBACK or ABORT.</summary>
    Rollback,

    Savepoint,

    /// <summary>RELEASE [SAVEPOINT].</summary>
    Release,

    /// <summary>ROLLBACK TO [SAVEPOINT].</summary>
    RollbackTo,

    PrepareTransaction,

    CommitPrepared,

    RollbackPrepared,
}

/// <summary>Transaction modes a statement sets; null where it leaves one as it was.</summary>
public sealed record TransactionModes(TransactionIsolation? Isolation, bool? ReadOnly, bool? Deferrable)
{
    public static readonly TransactionModes None = new(null, null, null);
}

public enum TransactionIsolation
{
    ReadUncommitted,
    ReadCommitted,
    RepeatableRead,
    Serializable,
}
