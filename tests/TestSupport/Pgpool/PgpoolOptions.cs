namespace HtapRouter.TestSupport.Pgpool;

/// <summary>
/// A pgpool-II in streaming-replication mode for a test: its backends and the one role that clients, the health
/// check and the streaming-replication check use. Immutable; change with <c>with</c> or an initializer.
/// </summary>
public sealed record PgpoolOptions
{
    /// <summary>Backend 0, 1, …; pgpool finds which is the primary by asking each pg_is_in_recovery().</summary>
    public required IReadOnlyList<PgpoolBackend> Backends { get; init; }

    /// <summary>
    /// The role clients log in as, and the health check and sr_check user. It must exist on every backend with
    /// <see cref="Password"/>, since pgpool authenticates clients itself (SCRAM, from pool_passwd) and then logs in
    /// to each backend with the same credentials.
    /// </summary>
    public required string Username { get; init; }

    public required string Password { get; init; }

    /// <summary>load_balance_mode: SELECTs outside write transactions go to a backend chosen by weight. Default on.</summary>
    public bool LoadBalance { get; init; } = true;

    /// <summary>Users pgpool lets in over loopback TCP without a password (pool_hba trust); every other client uses SCRAM.</summary>
    public IReadOnlyList<string> TrustedUsers { get; init; } = [];

    /// <summary>health_check_period, in whole seconds; zero turns the health check off. Default 1 s.</summary>
    public TimeSpan HealthCheckPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>sr_check_period, in whole seconds: how often replication_delay is measured. Default 1 s.</summary>
    public TimeSpan StreamingReplicationCheckPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Database the health check and sr_check connect to. Default <c>postgres</c>.</summary>
    public string CheckDatabase { get; init; } = "postgres";

    /// <summary>log_per_node_statement: log each statement with the backend it went to. Default on.</summary>
    public bool LogPerNodeStatement { get; init; } = true;

    /// <summary>num_init_children: concurrent client sessions pgpool serves. Default 4, few processes on a small machine.</summary>
    public int MaxClients { get; init; } = 4;

    /// <summary>
    /// Further pgpool.conf settings, written last so they win, values exactly as pgpool.conf wants them
    /// (strings in single quotes). Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long pgpool may take to start, find the primary and accept a login. Default 30 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Directory under which pgpool's own directory is made. Default <see cref="Path.GetTempPath"/>.</summary>
    public string TemporaryRoot { get; init; } = Path.GetTempPath();
}

/// <summary>One backend_* entry of pgpool.conf.</summary>
/// <param name="Host">backend_hostname: a host name or address (pgpool reaches it over TCP).</param>
/// <param name="Port">backend_port.</param>
public sealed record PgpoolBackend(string Host, int Port)
{
    /// <summary>backend_weight: this backend's share of load-balanced SELECTs. Default 1.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>
    /// backend_application_name: the application_name under which the standby's WAL receiver appears in the
    /// primary's pg_stat_replication; pgpool copies that row's state into replication_state. Default: none.
    /// </summary>
    public string? ApplicationName { get; init; }
}
