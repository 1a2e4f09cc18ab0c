namespace HtapRouter.AnalyticNode.Sessions;

/// <summary>How a run-time setting behaves: its name as SHOW prints it, default, and whether clients may change it.</summary>
/// <param name="Name">The canonical spelling (SHOW's column name; "DateStyle", "TimeZone", ...).</param>
/// <param name="Default">The value a new session starts with.</param>
/// <param name="Reported">Sent as ParameterStatus at startup and whenever it changes (GUC_REPORT).</param>
/// <param name="ReadOnly">Fixed for the server: SET fails with 55P02, as PostgreSQL's PGC_INTERNAL settings do.</param>
/// <param name="Normalize">Validates a new value and returns it in canonical form; throws PgErrorException when invalid.</param>
internal sealed record SettingDefinition(
    string Name,
    string Default,
    bool Reported = false,
    bool ReadOnly = false,
    Func<string, string>? Normalize = null);
