using HtapRouter.PgWire.Client;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;

namespace HtapRouter.Router.Monitoring;

/// <summary>
/// How the router's own checks log in to a node: the health check as health_check_user, the replication check
/// and the catalog loads as sr_check_user, each bounded by health_check_timeout and named so pg_stat_activity
/// tells them apart.
/// </summary>
internal static class CheckLogins
{
    public static PgClientOptions HealthCheck(RouterOptions options, BackendNode node) =>
        For(options, node, options.HealthCheckUser, options.HealthCheckPassword, options.HealthCheckDatabase, "htaprouter health check");

    public static PgClientOptions ReplicationCheck(RouterOptions options, BackendNode node, string applicationName) =>
        For(options, node, options.SrCheckUser, options.SrCheckPassword, options.SrCheckDatabase, applicationName);

    private static PgClientOptions For(RouterOptions options, BackendNode node, string user, string password, string database,
        string applicationName) => new()
    {
        Host = node.Host,
        Port = node.Port,
        User = user,
        Password = password.Length > 0 ? password : null,
        Database = database,
        ApplicationName = applicationName,
        ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, options.HealthCheckTimeout)),
    };
}
