namespace HtapRouter.Router.Configuration;

/// <summary>
/// The router's command-line switches, each the short form of a "Router:*" setting and named after its pgpool-II key
/// (load_balance_mode is --load-balance-mode). Passwords have no switch, since a command line is visible to every
/// user of the machine; they go in pgpool.conf, appsettings.json or HTAP_Router__* variables.
/// </summary>
internal static class CommandLine
{
    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--listen"] = "Router:ListenAddresses",
        ["--port"] = "Router:Port",
        ["--backends"] = BackendNodes.Key,
        ["--pgpool-conf"] = "Router:PgpoolConf",
        ["--http-port"] = "Router:HttpPort",
        ["--auth"] = "Router:AuthMethod",
        ["--cert"] = "Router:CertificatePath",
        ["--key"] = "Router:CertificateKeyPath",
        ["--num-init-children"] = "Router:NumInitChildren",
        ["--max-pool"] = "Router:MaxPool",
        ["--connection-cache"] = "Router:ConnectionCache",
        ["--load-balance-mode"] = "Router:LoadBalanceMode",
        ["--statement-level-load-balance"] = "Router:StatementLevelLoadBalance",
        ["--disable-load-balance-on-write"] = "Router:DisableLoadBalanceOnWrite",
        ["--read-only-function-list"] = "Router:ReadOnlyFunctionList",
        ["--write-function-list"] = "Router:WriteFunctionList",
        ["--primary-routing-query-pattern-list"] = "Router:PrimaryRoutingQueryPatternList",
        ["--database-redirect-preference-list"] = "Router:DatabaseRedirectPreferenceList",
        ["--app-name-redirect-preference-list"] = "Router:AppNameRedirectPreferenceList",
        ["--allow-sql-comments"] = "Router:AllowSqlComments",
        ["--delay-threshold"] = "Router:DelayThreshold",
        ["--prefer-lower-delay-standby"] = "Router:PreferLowerDelayStandby",
        ["--sr-check-period"] = "Router:SrCheckPeriod",
        ["--sr-check-user"] = "Router:SrCheckUser",
        ["--sr-check-database"] = "Router:SrCheckDatabase",
        ["--health-check-period"] = "Router:HealthCheckPeriod",
        ["--health-check-timeout"] = "Router:HealthCheckTimeout",
        ["--health-check-max-retries"] = "Router:HealthCheckMaxRetries",
        ["--health-check-retry-delay"] = "Router:HealthCheckRetryDelay",
        ["--health-check-user"] = "Router:HealthCheckUser",
        ["--health-check-database"] = "Router:HealthCheckDatabase",
        ["--auto-failback"] = "Router:AutoFailback",
        ["--log-per-node-statement"] = "Router:LogPerNodeStatement",
    };

    public const string Help = """
        HtapRouter router: a pgpool-II-compatible router that sends writes to the PostgreSQL primary and reads
        to its standbys, analytic nodes among them.

        Usage: HtapRouter.Router [options]

        Where:
          --port <n>                 TCP port for clients (default 9999)
          --listen <address>         address to listen on: "*" for every interface, or one address (default 127.0.0.1)
          --backends <list>          the backends, as bitnami/pgpool's PGPOOL_BACKEND_NODES: entries separated by
                                     commas, each id:host[:port[:weight[:datadir[:flag]]]]; node 0 is the primary.
                                     Port defaults to 5432, weight to 1; e.g. "0:10.0.0.1:5432:0,1:10.0.0.2:5433:1"
          --pgpool-conf <path>       read a pgpool.conf: its backends and the settings below; keys the router does
                                     not implement are logged and ignored
          --http-port <n>            HTTP port for the status page and Prometheus metrics (default 0: off)

        Clients:
          --auth <method>            scram-sha-256 (default), md5, password or trust, for configured users
          --cert <pem> --key <pem>   TLS certificate and key; SSLRequest is then accepted
          --num-init-children <n>    client connections served at once (default 32)
          --max-pool <n>             cached backend connections per user and database (default 4)
          --connection-cache <on|off>  keep backend connections after a client leaves (default on)

        Load balancing:
          --load-balance-mode <on|off>             send reads to standbys at all (default on)
          --statement-level-load-balance <on|off>  choose the read node per statement (default off)
          --disable-load-balance-on-write <mode>   after a write: transaction (default), trans_transaction,
                                                   always, dml_adaptive or off
          --read-only-function-list <list>         functions that only read, comma-separated patterns
          --write-function-list <list>             functions that write, comma-separated patterns
          --primary-routing-query-pattern-list <list>  statements for the primary, semicolon-separated patterns
          --database-redirect-preference-list <list>   e.g. "postgres:primary,mydb[01]:1(0.3)"
          --app-name-redirect-preference-list <list>   e.g. "psql:primary,myapp:standby"
          --allow-sql-comments <on|off>            ignore comments when matching patterns (default off)
          --log-per-node-statement <on|off>        log which node ran each statement (default off)

        Replication delay and health:
          --delay-threshold <bytes>          standbys further behind get no reads, e.g. 10MB (default 0: off)
          --prefer-lower-delay-standby <on|off>  use the least delayed standby instead of the primary (default off)
          --sr-check-period <s>              how often delay is measured (default 10)
          --sr-check-user <name>             who measures it (default postgres)
          --sr-check-database <db>           where (default postgres)
          --health-check-period <s>          how often each node is checked; 0 disables (default 5)
          --health-check-timeout <s>         how long a check may take (default 20)
          --health-check-max-retries <n>     retries before a node is marked down (default 0)
          --health-check-retry-delay <s>     between retries (default 1)
          --health-check-user <name>         who checks (default postgres)
          --health-check-database <db>       where (default postgres)
          --auto-failback <on|off>           a standby marked down returns once checks pass (default on)

          --help                     this text

        Values read as in pgpool.conf: on/off, yes/no, true/false or 1/0; times such as 30s or 1min; sizes such as
        10MB. Passwords (Router:SrCheckPassword, Router:HealthCheckPassword) and users
        (Router:Users:<name>=<password | md5 hash | SCRAM verifier>) have no switch: set them in pgpool.conf,
        appsettings.json or the environment, e.g. HTAP_Router__Users__alice=secret. With no users, every client
        is trusted.

        Every setting can also be given as --Router:<Name> <value>, in appsettings.json (section "Router"), or as
        HTAP_Router__<Name> (e.g. HTAP_Router__Port=9999, HTAP_Router__Backends__0__Host=db0,
        HTAP_Router__BackendNodes="0:db0:5432,1:db1:5432"). Later sources win: appsettings.json, then HTAP_*
        variables, then pgpool.conf, then the command line. Backends and the lists come whole from the last source
        that gives any of them.
        """;

    /// <summary>Whether the arguments ask for <see cref="Help"/>.</summary>
    public static bool IsHelpRequested(string[] args) => args.Contains("--help") || args.Contains("-h");
}
