namespace HtapRouter.AnalyticNode;

/// <summary>Logging event ids of the analytic node, in one place (3000-3999).</summary>
internal static class NodeEventIds
{
    public const int Listening = 3000;
    public const int TrustingEveryone = 3001;
    public const int SessionStarted = 3002;
    public const int SessionEnded = 3003;
    public const int ProtocolViolation = 3004;
    public const int TooManyConnections = 3005;
    public const int ShuttingDown = 3006;
    public const int DatabaseOpened = 3007;
    public const int DatabaseClosed = 3008;
    public const int CatalogInstalled = 3009;
    public const int CatalogColumnTypes = 3010;
    public const int PlanningFailed = 3011;
}
