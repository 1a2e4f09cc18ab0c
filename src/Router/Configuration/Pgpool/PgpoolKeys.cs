using System.Collections.Frozen;

namespace HtapRouter.Router.Configuration.Pgpool;

/// <summary>
/// The pgpool-II keys the router knows but does not use. A real pgpool.conf sets many of them, so each is accepted
/// with a warning; only a key no pgpool version knows is an error. The lists were drawn from pgpool-II's own table of
/// configuration variables (src/config/pool_config_variables.c): 4.3's, and for <see cref="Removed"/> and
/// <see cref="Added"/> the 3.5 to 4.2 and 4.4 to 4.7 releases'. The keys the router does use are in
/// <see cref="RouterSettings"/> and <see cref="PgpoolConfMapper"/>.
/// </summary>
internal static class PgpoolKeys
{
    /// <summary>pgpool-II 4.3 keys the router has no use for.</summary>
    public static readonly FrozenSet<string> Ignored = FrozenSet.Create(StringComparer.Ordinal,
    [
        // Connections and the pcp port.
        "authentication_timeout", "enable_pool_hba", "listen_backlog_multiplier", "pcp_listen_addresses", "pcp_port",
        "pcp_socket_dir", "serialize_accept", "socket_dir", "wd_ipc_socket_dir", "pid_file_name", "pool_passwd",
        "allow_clear_text_frontend_auth",

        // Pool processes.
        "child_life_time", "child_max_connections", "client_idle_limit", "connection_life_time", "reserved_connections",
        "reset_query_list",

        // TLS settings beyond ssl, ssl_cert and ssl_key.
        "ssl_ca_cert", "ssl_ca_cert_dir", "ssl_ciphers", "ssl_crl_file", "ssl_dh_params_file", "ssl_ecdh_curve",
        "ssl_passphrase_command", "ssl_prefer_server_ciphers",

        // Logging, which the router does through .NET logging.
        "client_min_messages", "log_client_messages", "log_connections", "log_destination", "log_directory",
        "log_disconnections", "log_error_verbosity", "log_file_mode", "log_filename", "log_hostname", "log_line_prefix",
        "log_min_messages", "log_rotation_age", "log_rotation_size", "log_statement", "log_truncate_on_rotation",
        "logdir", "logging_collector", "notice_per_node_statement", "syslog_facility", "syslog_ident",
        "log_standby_delay",

        // Load balancing details.
        "ignore_leading_white_space", "relcache_query_target", "dml_adaptive_object_relationship_list",
        "check_temp_table", "check_unlogged_table",

        // Native replication mode.
        "replication_mode", "replicate_select", "replication_stop_on_mismatch", "failover_if_affected_tuples_mismatch",
        "insert_lock", "lobj_lock_table",

        // Health check extras and failover.
        "connect_timeout", "health_check_test", "auto_failback_interval", "allow_multiple_failover_requests_from_node",
        "detach_false_primary", "enable_consensus_with_half_votes", "fail_over_on_backend_error", "failback_command",
        "failover_command", "failover_on_backend_error", "failover_on_backend_shutdown", "failover_require_consensus",
        "failover_when_quorum_exists", "follow_primary_command", "search_primary_node_timeout",

        // Online recovery.
        "client_idle_limit_in_recovery", "recovery_1st_stage_command", "recovery_2nd_stage_command",
        "recovery_password", "recovery_timeout", "recovery_user",

        // Query and relation caches.
        "cache_safe_memqcache_table_list", "cache_unsafe_memqcache_table_list", "enable_shared_relcache",
        "memory_cache_enabled", "memqcache_auto_cache_invalidation", "memqcache_cache_block_size", "memqcache_expire",
        "memqcache_max_num_cache", "memqcache_maxcache", "memqcache_memcached_host", "memqcache_memcached_port",
        "memqcache_method", "memqcache_oiddir", "memqcache_total_size", "relcache_expire", "relcache_size",

        // Watchdog.
        "use_watchdog", "trusted_servers", "ping_path", "delegate_IP", "if_cmd_path", "if_up_cmd", "if_down_cmd",
        "arping_path", "arping_cmd", "clear_memqcache_on_escalation", "wd_escalation_command",
        "wd_de_escalation_command", "wd_authkey", "wd_priority", "wd_interval", "wd_lifecheck_method",
        "wd_lifecheck_query", "wd_lifecheck_dbname", "wd_lifecheck_user", "wd_lifecheck_password", "wd_life_point",
        "wd_heartbeat_keepalive", "wd_heartbeat_deadtime", "wd_lost_node_removal_timeout",
        "wd_no_show_node_removal_timeout", "wd_remove_shutdown_nodes", "wd_monitoring_interfaces_list",
    ]);

    /// <summary>pgpool-II 4.3 keys that take a node number (health_check_period1, hostname0) the router has no use for.</summary>
    public static readonly FrozenSet<string> IgnoredPerNode = FrozenSet.Create(StringComparer.Ordinal,
    [
        "health_check_period", "health_check_timeout", "health_check_max_retries", "health_check_retry_delay",
        "health_check_user", "health_check_password", "health_check_database", "connect_timeout",
        "hostname", "wd_port", "pgpool_port", "heartbeat_hostname", "heartbeat_port", "heartbeat_device",
    ]);

    /// <summary>Keys of pgpool-II releases before 4.3 that 4.3 ignores too, with what became of each.</summary>
    public static readonly FrozenDictionary<string, string> Removed = new Dictionary<string, string>
    {
        ["white_function_list"] = "pgpool-II 4.2 renamed it read_only_function_list",
        ["black_function_list"] = "pgpool-II 4.2 renamed it write_function_list",
        ["black_query_pattern_list"] = "pgpool-II 4.2 renamed it primary_routing_query_pattern_list",
        ["white_memqcache_table_list"] = "pgpool-II 4.2 renamed it cache_safe_memqcache_table_list",
        ["black_memqcache_table_list"] = "pgpool-II 4.2 renamed it cache_unsafe_memqcache_table_list",
        ["master_slave_mode"] = "pgpool-II 4.2 replaced it with backend_clustering_mode",
        ["master_slave_sub_mode"] = "pgpool-II 4.2 replaced it with backend_clustering_mode",
        ["follow_master_command"] = "pgpool-II 4.2 renamed it follow_primary_command",
        ["wd_hostname"] = "pgpool-II 4.2 replaced it with hostnameN",
        ["wd_heartbeat_port"] = "pgpool-II 4.2 replaced it with heartbeat_portN",
        ["other_pgpool_hostname"] = "pgpool-II 4.2 replaced it with hostnameN",
        ["other_pgpool_port"] = "pgpool-II 4.2 replaced it with pgpool_portN",
        ["other_wd_port"] = "pgpool-II 4.2 replaced it with wd_portN",
        ["heartbeat_destination"] = "pgpool-II 4.2 replaced it with heartbeat_hostnameN",
        ["heartbeat_destination_port"] = "pgpool-II 4.2 replaced it with heartbeat_portN",
        ["debug_level"] = "pgpool-II 3.6 replaced it with log_min_messages",
        ["print_timestamp"] = "pgpool-II 3.6 replaced it with log_line_prefix",
        ["print_user"] = "pgpool-II 3.6 replaced it with log_line_prefix",
        ["allow_inet_domain_socket"] = "pgpool-II 3.6 replaced it with listen_addresses",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The <see cref="Removed"/> keys that took a node number (other_pgpool_hostname0).</summary>
    public static readonly FrozenSet<string> RemovedPerNode = FrozenSet.Create(StringComparer.Ordinal,
    [
        "other_pgpool_hostname", "other_pgpool_port", "other_wd_port", "heartbeat_destination", "heartbeat_destination_port",
    ]);

    /// <summary>Keys added after pgpool-II 4.3 that the router has no use for (delay_threshold_by_time it reads).</summary>
    public static readonly FrozenSet<string> Added = FrozenSet.Create(StringComparer.Ordinal,
    [
        "delegate_ip", "log_backend_messages", "log_pcp_processes", "max_spare_children", "min_spare_children",
        "process_management_mode", "process_management_strategy", "recovery_database", "replication_delay_source_cmd",
        "replication_delay_source_timeout", "trusted_server_command", "unix_socket_directories", "unix_socket_group",
        "unix_socket_permissions", "user_redirect_preference_list", "wd_heartbeat_listen_addresses",
        "wd_heartbeat_listen_port", "wd_listen_address", "wd_listen_port", "work_dir",
    ]);
}
