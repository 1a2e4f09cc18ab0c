namespace HtapRouter.AnalyticNode.Engine;

/// <summary>Logging event ids of the analytic node's DuckDB engine, kept in one place (4000-4099).</summary>
internal static class EngineEventIds
{
    public const int DatabaseOpened = 4000;
    public const int DatabaseClosed = 4001;
}
