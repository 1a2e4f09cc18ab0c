using HtapRouter.Router.Configuration;
using HtapRouter.Router.Configuration.Pgpool;

namespace HtapRouter.Router.Tests.Configuration.Pgpool;

public class PgpoolConfMapperTests
{
    [Fact]
    public void Parse_EveryMappedKey_SetsItsOption()
    {
        var options = ConfigurationHarness.Bind(ConfigurationHarness.FromPgpoolConf("""
            listen_addresses = '*'
            port = 6432
            num_init_children = 100
            max_pool = 2
            connection_cache = off
            load_balance_mode = off
            statement_level_load_balance = on
            disable_load_balance_on_write = 'dml_adaptive'
            read_only_function_list = 'nextval,setval'
            write_function_list = 'nextval, setval, my_.*'
            primary_routing_query_pattern_list = '^SELECT 1$;^SET .*$'
            database_redirect_preference_list = 'postgres:primary,mydb[01]:1(0.3)'
            app_name_redirect_preference_list = 'psql:primary,myapp:standby'
            allow_sql_comments = on
            delay_threshold = 10MB
            prefer_lower_delay_standby = on
            sr_check_period = 1min
            sr_check_user = 'repl'
            sr_check_password = 'TEXTrepl-secret'
            sr_check_database = 'appdb'
            health_check_period = 30
            health_check_timeout = 5
            health_check_max_retries = 3
            health_check_retry_delay = 2
            health_check_user = 'checker'
            health_check_password = 'check-secret'
            health_check_database = 'template1'
            auto_failback = off
            log_per_node_statement = on
            backend_hostname0 = 'db0'
            backend_port0 = 5432
            backend_weight0 = 0
            backend_flag0 = 'ALWAYS_PRIMARY|DISALLOW_TO_FAILOVER'
            backend_application_name0 = 'primary'
            backend_data_directory0 = '/var/lib/postgresql/data'
            backend_hostname1 = 'db1'
            backend_port1 = 5433
            backend_weight1 = 0.5
            backend_application_name1 = 'standby1'
            """));

        Assert.Equal("*", options.ListenAddresses);
        Assert.Equal(6432, options.Port);
        Assert.Equal(100, options.NumInitChildren);
        Assert.Equal(2, options.MaxPool);
        Assert.False(options.ConnectionCache);
        Assert.False(options.LoadBalanceMode);
        Assert.True(options.StatementLevelLoadBalance);
        Assert.Equal(DisableLoadBalanceOnWrite.DmlAdaptive, options.DisableLoadBalanceOnWrite);
        Assert.Equal(["nextval", "setval"], options.ReadOnlyFunctionList);
        Assert.Equal(["nextval", "setval", "my_.*"], options.WriteFunctionList);
        Assert.Equal(["^SELECT 1$", "^SET .*$"], options.PrimaryRoutingQueryPatternList);
        Assert.Equal(["postgres:primary", "mydb[01]:1(0.3)"], options.DatabaseRedirectPreferenceList);
        Assert.Equal(["psql:primary", "myapp:standby"], options.AppNameRedirectPreferenceList);
        Assert.True(options.AllowSqlComments);
        Assert.Equal(10 * 1024 * 1024, options.DelayThreshold);
        Assert.False(options.DelayThresholdByTime);
        Assert.True(options.PreferLowerDelayStandby);
        Assert.Equal(60, options.SrCheckPeriod);
        Assert.Equal("repl", options.SrCheckUser);
        Assert.Equal("repl-secret", options.SrCheckPassword);
        Assert.Equal("appdb", options.SrCheckDatabase);
        Assert.Equal(30, options.HealthCheckPeriod);
        Assert.Equal(5, options.HealthCheckTimeout);
        Assert.Equal(3, options.HealthCheckMaxRetries);
        Assert.Equal(2, options.HealthCheckRetryDelay);
        Assert.Equal("checker", options.HealthCheckUser);
        Assert.Equal("check-secret", options.HealthCheckPassword);
        Assert.Equal("template1", options.HealthCheckDatabase);
        Assert.False(options.AutoFailback);
        Assert.True(options.LogPerNodeStatement);
        Assert.Equal(
            [
                new BackendOptions { Id = 0, Host = "db0", Port = 5432, Weight = 0, Flag = "ALWAYS_PRIMARY|DISALLOW_TO_FAILOVER", ApplicationName = "primary" },
                new BackendOptions { Id = 1, Host = "db1", Port = 5433, Weight = 0.5, ApplicationName = "standby1" },
            ],
            options.Backends);
    }

    [Theory]
    [InlineData("disable_load_balance_on_write = off", DisableLoadBalanceOnWrite.Off)]
    [InlineData("disable_load_balance_on_write = 'transaction'", DisableLoadBalanceOnWrite.Transaction)]
    [InlineData("disable_load_balance_on_write = 'TRANS_TRANSACTION'", DisableLoadBalanceOnWrite.TransTransaction)]
    [InlineData("disable_load_balance_on_write = always", DisableLoadBalanceOnWrite.Always)]
    public void Parse_DisableLoadBalanceOnWrite_ReadsEveryPgpoolValue(string line, DisableLoadBalanceOnWrite expected) =>
        Assert.Equal(expected, ConfigurationHarness.Bind(ConfigurationHarness.FromPgpoolConf(line)).DisableLoadBalanceOnWrite);

    [Fact]
    public void Parse_EmptyDatabase_KeepsTheDefault()
    {
        var options = ConfigurationHarness.Bind(ConfigurationHarness.FromPgpoolConf("health_check_database = ''\nsr_check_database = ''\n"));

        Assert.Equal("postgres", options.HealthCheckDatabase);
        Assert.Equal("postgres", options.SrCheckDatabase);
    }

    [Fact]
    public void Parse_LaterLine_Wins()
    {
        var options = ConfigurationHarness.Bind(ConfigurationHarness.FromPgpoolConf(
            "port = 1\nread_only_function_list = 'a,b,c'\nport = 2\nread_only_function_list = 'd'\n"));

        Assert.Equal(2, options.Port);
        Assert.Equal(["d"], options.ReadOnlyFunctionList);
    }

    [Fact]
    public void Parse_BackendWithoutWeight_GetsWeightZeroAsInPgpool()
    {
        var conf = PgpoolConf.Parse("backend_hostname0 = 'db0'\nbackend_port0 = 5432\n");
        var options = ConfigurationHarness.Bind(ConfigurationHarness.FromPgpoolConf("backend_hostname0 = 'db0'\nbackend_port0 = 5432\n"));

        Assert.Equal(0, Assert.Single(options.Backends).Weight);
        Assert.Equal("pgpool.conf:2: node 0 has no backend_weight0, so its weight is 0, as in pgpool-II: it gets no load-balanced reads", Assert.Single(conf.Warnings).ToString());
    }

    [Fact]
    public void Parse_BackendWithoutPort_IsNotUsedAsInPgpool()
    {
        var conf = PgpoolConf.Parse("backend_hostname0 = 'db0'\nbackend_port0 = 5432\nbackend_weight0 = 1\nbackend_hostname1 = 'db1'\n");

        Assert.Empty(conf.Errors);
        Assert.Equal("pgpool.conf:4: node 1 has no backend_port1, so pgpool-II does not use it, and neither does the router", Assert.Single(conf.Warnings).ToString());
        Assert.DoesNotContain(conf.Data.Keys, key => key.StartsWith("Router:Backends:1", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SslOn_GivesTheCertificateRelativeToTheFile()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("pgpool.conf", "ssl = on\nssl_cert = 'server.crt'\nssl_key = '/etc/ssl/server.key'\n");

        var conf = PgpoolConf.Read(path);

        Assert.Empty(conf.Errors);
        Assert.Equal(Path.Combine(directory.Path, "server.crt"), conf.Data["Router:CertificatePath"]);
        Assert.Equal("/etc/ssl/server.key", conf.Data["Router:CertificateKeyPath"]);
    }

    [Fact]
    public void Parse_SslOffOrIncomplete_GivesNoCertificate()
    {
        var off = PgpoolConf.Parse("ssl = off\nssl_cert = 'server.crt'\nssl_key = 'server.key'\n");
        var incomplete = PgpoolConf.Parse("ssl = on\nssl_cert = 'server.crt'\n");

        Assert.Empty(off.Data);
        Assert.Empty(off.Warnings);
        Assert.Empty(incomplete.Data);
        Assert.Equal("pgpool.conf:1: ssl is on but ssl_cert or ssl_key is not set, so TLS stays off, as in pgpool-II", Assert.Single(incomplete.Warnings).ToString());
    }

    [Fact]
    public void Parse_DelayThresholdByTime_SetsMillisecondsAndReplacesBytes()
    {
        var byTime = ConfigurationHarness.Bind(ConfigurationHarness.FromPgpoolConf("delay_threshold = 1000\ndelay_threshold_by_time = 2s\n"));
        var off = ConfigurationHarness.Bind(ConfigurationHarness.FromPgpoolConf("delay_threshold = 1000\ndelay_threshold_by_time = 0\n"));

        Assert.True(byTime.DelayThresholdByTime);
        Assert.Equal(2000, byTime.DelayThreshold);
        Assert.False(off.DelayThresholdByTime);
        Assert.Equal(1000, off.DelayThreshold);
    }

    [Fact]
    public void Parse_StreamingReplicationMode_IsAccepted()
    {
        var conf = PgpoolConf.Parse("backend_clustering_mode = 'STREAMING_REPLICATION'\n");

        Assert.Empty(conf.Errors);
        Assert.Empty(conf.Warnings);
    }

    [Fact]
    public void Parse_Origins_NameTheLineOfEachKey()
    {
        var conf = PgpoolConf.Parse("# settings\nport = 5\nbackend_hostname0 = 'db'\nbackend_port0 = 5432\nbackend_weight0 = 1\n");

        Assert.Equal("port at pgpool.conf:2", conf.Origins["Router:Port"]);
        Assert.Equal("backend_port0 at pgpool.conf:4", conf.Origins["Router:Backends:0:Port"]);
    }
}
