namespace HtapRouter.Router.Routing;

/// <summary>A statement that changes session state.</summary>
/// <param name="Kind">Which one.</param>
/// <param name="Name">
/// The setting (lower case, as PostgreSQL folds it), the prepared statement or the channel; null for RESET ALL,
/// DISCARD, DEALLOCATE ALL, UNLISTEN * and SET TRANSACTION.
/// </param>
/// <param name="Value">
/// For <see cref="SessionCommandKind.Set"/>, the new value as written (list items joined by ", "); null for
/// SET ... TO DEFAULT and SET ... FROM CURRENT.
/// </param>
/// <param name="IsLocal">SET LOCAL: the setting lasts until the end of the current transaction.</param>
/// <param name="Modes">The modes SET TRANSACTION and SET SESSION CHARACTERISTICS set.</param>
public sealed record SessionCommand(SessionCommandKind Kind, string? Name, string? Value, bool IsLocal, TransactionModes Modes);

public enum SessionCommandKind
{
    /// <summary>SET name = value, SET name TO DEFAULT, SET name FROM CURRENT, with or without LOCAL or SESSION.</summary>
    Set,

    /// <summary>SET TRANSACTION ...: modes of the current transaction.</summary>
    SetTransaction,

    /// <summary>SET SESSION CHARACTERISTICS AS TRANSACTION ...: default modes of later transactions.</summary>
    SetSessionCharacteristics,

    Reset,

    ResetAll,

    DiscardAll,

    DiscardPlans,

    DiscardSequences,

    /// <summary>DISCARD TEMP: drops the session's temporary tables.</summary>
    DiscardTemp,

    /// <summary>SQL-level PREPARE name AS statement.</summary>
    Prepare,

    /// <summary>DEALLOCATE name.</summary>
    Deallocate,

    DeallocateAll,

    Listen,

    /// <summary>UNLISTEN channel, or UNLISTEN * (<see cref="SessionCommand.Name"/> null).</summary>
    Unlisten,
}
