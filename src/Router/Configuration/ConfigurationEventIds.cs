namespace HtapRouter.Router.Configuration;

/// <summary>Logging event ids of the router's configuration (4900-4919, the end of the router's 4000-4999).</summary>
internal static class ConfigurationEventIds
{
    public const int PgpoolConfRead = 4900;
    public const int PgpoolConfWarning = 4901;
}
