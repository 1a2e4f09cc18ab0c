using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;

namespace HtapRouter.Router.Configuration;

/// <summary>
/// The router's settings, bound from the "Router" section of appsettings.json, HTAP_Router__* environment variables,
/// a pgpool.conf (<c>--pgpool-conf</c>) and command-line switches, later sources winning (see
/// <see cref="RouterConfiguration"/>). Names follow pgpool-II's keys, so a pgpool user finds each setting where they
/// expect it; defaults are pgpool-II 4.3's unless noted.
/// </summary>
public sealed record RouterOptions
{
    public const string Section = "Router";

    /// <summary>
    /// The pgpool.conf read at startup (<c>--pgpool-conf</c>), or null. Relative paths are relative to the current
    /// directory. Configuration loading reads the file; the setting is kept here so the router can say which it read.
    /// </summary>
    public string? PgpoolConf { get; init; }

    /// <summary>pgpool's listen_addresses: "localhost" or "127.0.0.1" (default), "*" for every interface, or one address.</summary>
    public string ListenAddresses { get; init; } = "127.0.0.1";

    /// <summary>pgpool's port. Default 9999.</summary>
    [Range(0, 65535)]
    public int Port { get; init; } = 9999;

    /// <summary>
    /// The backends; node 0 is the primary (pgpool's streaming-replication mode), the others standbys. In configuration
    /// each is keyed by its node id (Router:Backends:1:Host), and the list comes whole from the last source that sets
    /// any of it, so <c>--backends</c> replaces pgpool.conf's backends rather than merging with them.
    /// </summary>
    public List<BackendOptions> Backends { get; init; } = [];

    /// <summary>pgpool's load_balance_mode: send reads to standbys at all. Default on.</summary>
    public bool LoadBalanceMode { get; init; } = true;

    /// <summary>pgpool's statement_level_load_balance: choose the read node per statement instead of per session.</summary>
    public bool StatementLevelLoadBalance { get; init; }

    /// <summary>pgpool's disable_load_balance_on_write. Default transaction.</summary>
    public DisableLoadBalanceOnWrite DisableLoadBalanceOnWrite { get; init; } = DisableLoadBalanceOnWrite.Transaction;

    /// <summary>pgpool's delay_threshold: standbys further behind (bytes of WAL, or ms with <see cref="DelayThresholdByTime"/>) get no reads. 0 disables.</summary>
    [Range(0, long.MaxValue)]
    public long DelayThreshold { get; init; }

    /// <summary>
    /// Measure <see cref="DelayThreshold"/> and replication delay in milliseconds of replay lag instead of bytes. In a
    /// pgpool.conf this comes from pgpool 4.4+'s delay_threshold_by_time, a threshold in milliseconds (pgpool 4.5's
    /// unit) that, when above 0, sets this on and replaces delay_threshold.
    /// </summary>
    public bool DelayThresholdByTime { get; init; }

    /// <summary>pgpool's prefer_lower_delay_standby: when the chosen standby lags, use the least delayed one instead of the primary.</summary>
    public bool PreferLowerDelayStandby { get; init; }

    /// <summary>pgpool's sr_check_period in seconds: how often replication delay is measured. 0 disables. Default 10.</summary>
    [Range(0, 86_400)]
    public int SrCheckPeriod { get; init; } = 10;

    /// <summary>pgpool's sr_check_user: who runs the replication-delay queries on every node. Default postgres.</summary>
    public string SrCheckUser { get; init; } = "postgres";

    /// <summary>pgpool's sr_check_password; a pgpool.conf's "TEXT" prefix is removed, "md5..." hashes are kept.</summary>
    public string SrCheckPassword { get; init; } = string.Empty;

    /// <summary>pgpool's sr_check_database. Default postgres.</summary>
    public string SrCheckDatabase { get; init; } = "postgres";

    /// <summary>pgpool's health_check_period in seconds; 0 disables health checks (pgpool's default). Default 5 here.</summary>
    [Range(0, 86_400)]
    public int HealthCheckPeriod { get; init; } = 5;

    /// <summary>pgpool's health_check_timeout in seconds. Default 20.</summary>
    [Range(0, 86_400)]
    public int HealthCheckTimeout { get; init; } = 20;

    /// <summary>pgpool's health_check_max_retries. Default 0.</summary>
    [Range(0, 1000)]
    public int HealthCheckMaxRetries { get; init; }

    /// <summary>pgpool's health_check_retry_delay in seconds. Default 1.</summary>
    [Range(0, 86_400)]
    public int HealthCheckRetryDelay { get; init; } = 1;

    /// <summary>pgpool's health_check_user. Default postgres.</summary>
    public string HealthCheckUser { get; init; } = "postgres";

    /// <summary>pgpool's health_check_password, in the same forms as <see cref="SrCheckPassword"/>.</summary>
    public string HealthCheckPassword { get; init; } = string.Empty;

    /// <summary>pgpool's health_check_database. Default postgres.</summary>
    public string HealthCheckDatabase { get; init; } = "postgres";

    /// <summary>pgpool's auto_failback: a standby marked down returns by itself once health checks pass. Default on here.</summary>
    public bool AutoFailback { get; init; } = true;

    /// <summary>
    /// pgpool's read_only_function_list: functions treated as reads even when volatile. Each entry is a regular
    /// expression matched case-insensitively against the whole name, as pgpool anchors it with ^ and $. In pgpool.conf,
    /// one string separated by commas.
    /// </summary>
    public List<string> ReadOnlyFunctionList { get; init; } = [];

    /// <summary>pgpool's write_function_list: functions that make a statement a write; entries as in <see cref="ReadOnlyFunctionList"/>.</summary>
    public List<string> WriteFunctionList { get; init; } = [];

    /// <summary>
    /// pgpool's primary_routing_query_pattern_list: regular expressions, matched case-insensitively against the whole
    /// statement; a matching statement goes to the primary. In pgpool.conf, one string separated by semicolons, where
    /// "\;" keeps a semicolon in a pattern and "\'" stands for a quote.
    /// </summary>
    public List<string> PrimaryRoutingQueryPatternList { get; init; } = [];

    /// <summary>
    /// pgpool's database_redirect_preference_list: "dbregex:node[(weight)]" pairs, node a number, primary or standby and
    /// weight from 0 to 1 (default 1). In pgpool.conf, one string separated by commas.
    /// </summary>
    public List<string> DatabaseRedirectPreferenceList { get; init; } = [];

    /// <summary>pgpool's app_name_redirect_preference_list: "appregex:node[(weight)]" pairs.</summary>
    public List<string> AppNameRedirectPreferenceList { get; init; } = [];

    /// <summary>pgpool's allow_sql_comments: ignore comments when matching primary_routing_query_pattern_list. Default off.</summary>
    public bool AllowSqlComments { get; init; }

    /// <summary>pgpool's num_init_children: client connections served at once; one more gets 53300. Default 32.</summary>
    [Range(1, 100_000)]
    public int NumInitChildren { get; init; } = 32;

    /// <summary>pgpool's max_pool: cached backend connection sets per (user, database). Default 4.</summary>
    [Range(1, 10_000)]
    public int MaxPool { get; init; } = 4;

    /// <summary>pgpool's connection_cache: keep backend connections after a client leaves, reset by DISCARD ALL. Default on.</summary>
    public bool ConnectionCache { get; init; } = true;

    /// <summary>pgpool's log_per_node_statement: log which node ran each statement.</summary>
    public bool LogPerNodeStatement { get; init; }

    /// <summary>
    /// Client users and their secrets: a plaintext password, an md5 hash ("md5...") or a SCRAM verifier
    /// ("SCRAM-SHA-256$..."). With none, every client is trusted and its user name is passed to the backends.
    /// </summary>
    public Dictionary<string, string> Users { get; init; } = [];

    /// <summary>Client authentication for configured users: scram-sha-256 (default), md5, password or trust.</summary>
    public string AuthMethod { get; init; } = "scram-sha-256";

    /// <summary>
    /// Passwords the router uses to log in to the backends, per user; a user absent here logs in with the password
    /// the client gave (cleartext, MD5 or SCRAM from a plaintext entry in <see cref="Users"/>) or none.
    /// </summary>
    public Dictionary<string, string> BackendPasswords { get; init; } = [];

    /// <summary>PEM certificate for client TLS; with <see cref="CertificateKeyPath"/>, SSLRequest is answered 'S'.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>PEM private key of <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; init; }

    /// <summary>HTTP port for the status page and Prometheus metrics; 0 disables. Default 0.</summary>
    [Range(0, 65535)]
    public int HttpPort { get; init; }

    /// <summary>On shutdown, how long client sessions may go on before they are closed. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The record's ToString, with the passwords left out, since options may end up in a log line.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        var separator = string.Empty;
        foreach (var property in typeof(RouterOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.Name.EndsWith("Password", StringComparison.Ordinal) ? "(hidden)" : property.GetValue(this);
            builder.Append(separator).Append(property.Name).Append(" = ").Append(value);
            separator = ", ";
        }

        return true;
    }
}

/// <summary>One backend, pgpool's backend_*N keys.</summary>
public sealed record BackendOptions
{
    /// <summary>The node id (pgpool's N); node 0 is the primary. Configuration takes it from the backend's key, Router:Backends:N.</summary>
    [Range(0, 127)]
    public int Id { get; init; }

    /// <summary>pgpool's backend_hostnameN: a host name or address, or a directory holding the server's Unix-domain socket.</summary>
    [Required]
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>pgpool's backend_portN. Default 5432.</summary>
    [Range(1, 65535)]
    public int Port { get; init; } = 5432;

    /// <summary>
    /// pgpool's backend_weightN: load-balance weight, relative to the other nodes'; 0 sends no balanced reads to the
    /// node. Default 1 (bitnami's); a pgpool.conf backend without backend_weightN gets 0, as in pgpool-II.
    /// </summary>
    [Range(0, double.MaxValue)]
    public double Weight { get; init; } = 1;

    /// <summary>
    /// pgpool's backend_flagN: ALLOW_TO_FAILOVER (default) or DISALLOW_TO_FAILOVER, and ALWAYS_PRIMARY (node 0 only),
    /// joined by "|".
    /// </summary>
    public string Flag { get; init; } = "ALLOW_TO_FAILOVER";

    /// <summary>pgpool's backend_application_nameN: the walsender name the standby uses on the primary.</summary>
    public string ApplicationName { get; init; } = string.Empty;
}

/// <summary>pgpool's disable_load_balance_on_write values.</summary>
public enum DisableLoadBalanceOnWrite
{
    /// <summary>After a write in an explicit transaction, its later reads go to the primary until it ends.</summary>
    Transaction,

    /// <summary>As <see cref="Transaction"/>, and every later explicit transaction of the session also reads from the primary.</summary>
    TransTransaction,

    /// <summary>After any write, every later read of the session goes to the primary.</summary>
    Always,

    /// <summary>After a write to a table in a transaction, that transaction's reads of the table go to the primary.</summary>
    DmlAdaptive,

    /// <summary>Reads are balanced even after writes; for synchronous_commit = remote_apply, where standbys never lag.</summary>
    Off,
}
