using System.Globalization;
using System.Text;

namespace HtapRouter.TestSupport.Pgpool;

/// <summary>The text of pgpool.conf, pool_passwd and pool_hba.conf for <see cref="PgpoolOptions"/>.</summary>
internal static class PgpoolConfiguration
{
    /// <summary>Clients must log in with SCRAM over loopback TCP or the private Unix socket, as with a real deployment.</summary>
    public const string HbaRules =
        """
        local all all scram-sha-256
        host all all 127.0.0.1/32 scram-sha-256

        """;

    /// <summary><see cref="HbaRules"/>, after a trust rule for each of the options' trusted users.</summary>
    public static string RenderHbaRules(PgpoolOptions options) =>
        string.Concat(options.TrustedUsers.Select(user => $"host all {user} 127.0.0.1/32 trust\n")) + HbaRules;

    public static string Render(PgpoolOptions options, PgpoolLayout layout, PgpoolVersion version, int port, int pcpPort)
    {
        Validate(options);
        var conf = new StringBuilder();
        void Set(string key, string value) => conf.Append(key).Append(" = ").Append(value).Append('\n');

        Set("backend_clustering_mode", Quote("streaming_replication"));

        // Loopback only, on ports chosen by the caller; sockets, pid and status files in the private directory,
        // so a system pgpool (Debian's service on 5433/9898, sockets in /var/run/postgresql) is never touched.
        Set("listen_addresses", Quote("127.0.0.1"));
        Set("port", Number(port));
        Set(version.UsesUnixSocketDirectories ? "unix_socket_directories" : "socket_dir", Quote(layout.Root));
        Set("pcp_listen_addresses", Quote(string.Empty));
        Set("pcp_port", Number(pcpPort));
        Set("pcp_socket_dir", Quote(layout.Root));
        Set("pid_file_name", Quote(layout.PidFile));
        Set("logdir", Quote(layout.Root));

        // Logs go to stderr, which the harness captures; per-node statements show where each query went.
        Set("log_destination", Quote("stderr"));
        Set("logging_collector", "off");
        Set("log_line_prefix", Quote("%m: %a pid %p: "));
        Set("log_min_messages", Quote("warning"));
        Set("log_per_node_statement", options.LogPerNodeStatement ? "on" : "off");
        Set("log_standby_delay", Quote("none"));

        Set("num_init_children", Number(options.MaxClients));
        Set("max_pool", "1");

        for (var i = 0; i < options.Backends.Count; i++)
        {
            var backend = options.Backends[i];
            Set($"backend_hostname{i}", Quote(backend.Host));
            Set($"backend_port{i}", Number(backend.Port));
            Set($"backend_weight{i}", backend.Weight.ToString("0.0#####", CultureInfo.InvariantCulture));

            // A backend whose health check fails is detached and shows as down: a failing check cannot go unseen.
            Set($"backend_flag{i}", Quote("ALLOW_TO_FAILOVER"));
            if (backend.ApplicationName is { } applicationName)
            {
                Set($"backend_application_name{i}", Quote(applicationName));
            }
        }

        Set("enable_pool_hba", "on");
        Set("pool_passwd", Quote(layout.PasswordFile));
        Set("load_balance_mode", options.LoadBalance ? "on" : "off");

        // Empty passwords make pgpool take them from pool_passwd, so the secret is in one file only.
        Set("health_check_period", Seconds(options.HealthCheckPeriod));
        Set("health_check_timeout", "5");
        Set("health_check_max_retries", "0");
        Set("health_check_user", Quote(options.Username));
        Set("health_check_password", Quote(string.Empty));
        Set("health_check_database", Quote(options.CheckDatabase));
        Set("sr_check_period", Seconds(options.StreamingReplicationCheckPeriod));
        Set("sr_check_user", Quote(options.Username));
        Set("sr_check_password", Quote(string.Empty));
        Set("sr_check_database", Quote(options.CheckDatabase));

        // pgpool waits this long at startup for a primary, then runs without one; the start timeout bounds us anyway.
        Set("search_primary_node_timeout", Seconds(options.StartTimeout));
        Set("failover_command", Quote(string.Empty));
        Set("use_watchdog", "off");
        Set("wd_ipc_socket_dir", Quote(layout.Root));
        Set("memory_cache_enabled", "off");

        foreach (var (key, value) in options.Settings)
        {
            Set(key, value);
        }

        return conf.ToString();
    }

    /// <summary>pool_passwd: the password in clear ("TEXT" prefix), which pgpool needs to do SCRAM with clients and backends.</summary>
    public static string RenderPasswords(PgpoolOptions options) => $"{options.Username}:TEXT{options.Password}\n";

    private static void Validate(PgpoolOptions options)
    {
        if (options.Backends.Count == 0)
        {
            throw new ArgumentException("pgpool needs at least one backend.", nameof(options));
        }

        if (options.Username.Length == 0 || options.Username.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The user name must be non-empty and free of ':' (pool_passwd's separator).", nameof(options));
        }

        if (options.Password.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("The password must be one line (pool_passwd holds one user per line).", nameof(options));
        }
    }

    private static string Quote(string value) =>
        value.Contains('\'', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal)
            ? throw new ArgumentException($"pgpool.conf values here cannot hold quotes or newlines: {value}", nameof(value))
            : "'" + value + "'";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan period) => Number((int)Math.Ceiling(period.TotalSeconds));
}
