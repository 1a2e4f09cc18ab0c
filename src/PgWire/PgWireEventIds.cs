namespace HtapRouter.PgWire;

/// <summary>Logging event ids of the PgWire library, kept in one place (1000-1999).</summary>
internal static class PgWireEventIds
{
    public const int AcceptFailed = 1000;
    public const int ConnectionFailed = 1001;
    public const int HttpListening = 1100;
    public const int HttpRequestFailed = 1101;
}
