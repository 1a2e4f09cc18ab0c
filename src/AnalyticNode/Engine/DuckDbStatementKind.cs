namespace HtapRouter.AnalyticNode.Engine;

/// <summary>What a statement does, as far as the protocol layer cares: how to tag its completion.</summary>
public enum DuckDbStatementKind
{
    /// <summary>A query returning rows (SELECT, and PRAGMA, SHOW, CALL, DESCRIBE...): "SELECT n".</summary>
    Select,

    /// <summary>"INSERT 0 n".</summary>
    Insert,

    /// <summary>"UPDATE n".</summary>
    Update,

    /// <summary>"DELETE n".</summary>
    Delete,

    /// <summary>Anything else (EXPLAIN, SET, CREATE, transaction control...): tagged with its leading keyword.</summary>
    Other,
}
