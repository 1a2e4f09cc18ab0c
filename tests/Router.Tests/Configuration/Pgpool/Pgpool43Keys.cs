namespace HtapRouter.Router.Tests.Configuration.Pgpool;

/// <summary>
/// Every key of pgpool-II 4.3's configuration variable table (src/config/pool_config_variables.c of V4_3_STABLE),
/// per-node ones without their node number. Kept flat and apart from the router's own tables, so a key those drop
/// is noticed.
/// </summary>
internal static class Pgpool43Keys
{
    public static readonly string[] All =
    [
        "allow_clear_text_frontend_auth", "allow_multiple_failover_requests_from_node", "allow_sql_comments",
        "app_name_redirect_preference_list", "arping_cmd", "arping_path", "authentication_timeout", "auto_failback",
        "auto_failback_interval", "backend_application_name", "backend_clustering_mode", "backend_data_directory",
        "backend_flag", "backend_hostname", "backend_port", "backend_weight", "cache_safe_memqcache_table_list",
        "cache_unsafe_memqcache_table_list", "check_temp_table", "check_unlogged_table", "child_life_time",
        "child_max_connections", "clear_memqcache_on_escalation", "client_idle_limit",
        "client_idle_limit_in_recovery", "client_min_messages", "connect_timeout", "connection_cache",
        "connection_life_time", "database_redirect_preference_list", "delay_threshold", "delegate_IP",
        "detach_false_primary", "disable_load_balance_on_write", "dml_adaptive_object_relationship_list",
        "enable_consensus_with_half_votes", "enable_pool_hba", "enable_shared_relcache",
        "fail_over_on_backend_error", "failback_command", "failover_command", "failover_if_affected_tuples_mismatch",
        "failover_on_backend_error", "failover_on_backend_shutdown", "failover_require_consensus",
        "failover_when_quorum_exists", "follow_primary_command", "health_check_database", "health_check_max_retries",
        "health_check_password", "health_check_period", "health_check_retry_delay", "health_check_test",
        "health_check_timeout", "health_check_user", "heartbeat_device", "heartbeat_hostname", "heartbeat_port",
        "hostname", "if_cmd_path", "if_down_cmd", "if_up_cmd", "ignore_leading_white_space", "insert_lock",
        "listen_addresses", "listen_backlog_multiplier", "load_balance_mode", "lobj_lock_table",
        "log_client_messages", "log_connections", "log_destination", "log_directory", "log_disconnections",
        "log_error_verbosity", "log_file_mode", "log_filename", "log_hostname", "log_line_prefix",
        "log_min_messages", "log_per_node_statement", "log_rotation_age", "log_rotation_size", "log_standby_delay",
        "log_statement", "log_truncate_on_rotation", "logdir", "logging_collector", "max_pool",
        "memory_cache_enabled", "memqcache_auto_cache_invalidation", "memqcache_cache_block_size",
        "memqcache_expire", "memqcache_max_num_cache", "memqcache_maxcache", "memqcache_memcached_host",
        "memqcache_memcached_port", "memqcache_method", "memqcache_oiddir", "memqcache_total_size",
        "notice_per_node_statement", "num_init_children", "pcp_listen_addresses", "pcp_port", "pcp_socket_dir",
        "pgpool_port", "pid_file_name", "ping_path", "pool_passwd", "port", "prefer_lower_delay_standby",
        "primary_routing_query_pattern_list", "read_only_function_list", "recovery_1st_stage_command",
        "recovery_2nd_stage_command", "recovery_password", "recovery_timeout", "recovery_user", "relcache_expire",
        "relcache_query_target", "relcache_size", "replicate_select", "replication_mode",
        "replication_stop_on_mismatch", "reserved_connections", "reset_query_list", "search_primary_node_timeout",
        "serialize_accept", "socket_dir", "sr_check_database", "sr_check_password", "sr_check_period",
        "sr_check_user", "ssl", "ssl_ca_cert", "ssl_ca_cert_dir", "ssl_cert", "ssl_ciphers", "ssl_crl_file",
        "ssl_dh_params_file", "ssl_ecdh_curve", "ssl_key", "ssl_passphrase_command", "ssl_prefer_server_ciphers",
        "statement_level_load_balance", "syslog_facility", "syslog_ident", "trusted_servers", "use_watchdog",
        "wd_authkey", "wd_de_escalation_command", "wd_escalation_command", "wd_heartbeat_deadtime",
        "wd_heartbeat_keepalive", "wd_interval", "wd_ipc_socket_dir", "wd_life_point", "wd_lifecheck_dbname",
        "wd_lifecheck_method", "wd_lifecheck_password", "wd_lifecheck_query", "wd_lifecheck_user",
        "wd_lost_node_removal_timeout", "wd_monitoring_interfaces_list", "wd_no_show_node_removal_timeout",
        "wd_port", "wd_priority", "wd_remove_shutdown_nodes", "write_function_list",
    ];

    /// <summary>The keys pgpool reads with a node number at the end (backend_port0).</summary>
    public static readonly HashSet<string> PerNode =
    [
        "backend_hostname", "backend_port", "backend_weight", "backend_flag", "backend_application_name",
        "backend_data_directory", "health_check_period", "health_check_timeout", "health_check_max_retries",
        "health_check_retry_delay", "health_check_user", "health_check_password", "health_check_database",
        "connect_timeout", "hostname", "wd_port", "pgpool_port", "heartbeat_hostname", "heartbeat_port", "heartbeat_device",
    ];

    /// <summary>The <see cref="PerNode"/> keys pgpool accepts only with the number.</summary>
    public static readonly HashSet<string> NodeRequired =
    [
        "backend_hostname", "backend_port", "backend_weight", "backend_flag", "backend_application_name",
        "backend_data_directory", "hostname", "wd_port", "pgpool_port", "heartbeat_hostname", "heartbeat_port", "heartbeat_device",
    ];
}
