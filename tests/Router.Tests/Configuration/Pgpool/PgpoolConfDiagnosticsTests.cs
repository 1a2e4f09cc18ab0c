using HtapRouter.Router.Configuration;
using HtapRouter.Router.Configuration.Pgpool;

namespace HtapRouter.Router.Tests.Configuration.Pgpool;

/// <summary>What a pgpool.conf gets told: errors with file, line and key, warnings for what the router does not use.</summary>
public class PgpoolConfDiagnosticsTests
{
    [Theory]
    [InlineData("port = 1\nload_balance_mode = maybe\n", "pgpool.conf:2: invalid value 'maybe' for load_balance_mode: expected on or off")]
    [InlineData("port = 99x\n", "pgpool.conf:1: invalid value '99x' for port: expected a whole number")]
    [InlineData("health_check_period = 5 # ok\nsr_check_period = 10parsecs\n", "pgpool.conf:2: invalid value '10parsecs' for sr_check_period: expected a whole number of seconds, such as 10 or 1min")]
    [InlineData("disable_load_balance_on_write = sometimes\n", "pgpool.conf:1: invalid value 'sometimes' for disable_load_balance_on_write: expected off, transaction, trans_transaction, always or dml_adaptive")]
    [InlineData("delay_threshold = 10 parsecs\n", "pgpool.conf:1: unexpected text after the value of delay_threshold; quote a value that contains spaces")]
    [InlineData("lod_balance_mode = on\n", "pgpool.conf:1: unknown key lod_balance_mode: pgpool-II has no such setting (did you mean load_balance_mode?)")]
    [InlineData("Port = 5\n", "pgpool.conf:1: unknown key Port: pgpool-II has no such setting (did you mean port?)")]
    [InlineData("backend_hostnme1 = 'db'\n", "pgpool.conf:1: unknown key backend_hostnme1: pgpool-II has no such setting (did you mean backend_hostname1?)")]
    [InlineData("frobnicate = 1\n", "pgpool.conf:1: unknown key frobnicate: pgpool-II has no such setting")]
    [InlineData("backend_port = 5432\n", "pgpool.conf:1: backend_port needs the node number at its end, as in backend_port0")]
    [InlineData("backend_port128 = 5432\n", "pgpool.conf:1: backend_port128: node numbers go from 0 to 127")]
    [InlineData("backend_port0 = 70000\n", "pgpool.conf:1: invalid value '70000' for backend_port0: expected a port number from 1 to 65535")]
    [InlineData("backend_weight0 = -1\n", "pgpool.conf:1: invalid value '-1' for backend_weight0: expected a number, 0 or more")]
    [InlineData("backend_flag0 = 'ALLOWTOFAILOVER'\n", "pgpool.conf:1: invalid value 'ALLOWTOFAILOVER' for backend_flag0: unknown flag 'ALLOWTOFAILOVER': expected ALLOW_TO_FAILOVER, DISALLOW_TO_FAILOVER or ALWAYS_PRIMARY, joined by |")]
    [InlineData("backend_flag0 = 'ALLOW_TO_FAILOVER|DISALLOW_TO_FAILOVER'\n", "pgpool.conf:1: invalid value 'ALLOW_TO_FAILOVER|DISALLOW_TO_FAILOVER' for backend_flag0: ALLOW_TO_FAILOVER and DISALLOW_TO_FAILOVER cannot both be set")]
    [InlineData("backend_port2 = 5432\n", "pgpool.conf:1: node 2 has no backend_hostname2: give a host name or address, or the directory of the server's Unix-domain socket")]
    [InlineData("backend_hostname2 = ''\nbackend_port2 = 5432\n", "pgpool.conf:1: node 2 has no backend_hostname2: give a host name or address, or the directory of the server's Unix-domain socket")]
    [InlineData("backend_clustering_mode = 'native_replication'\n", "pgpool.conf:1: backend_clustering_mode native_replication is not supported: the router routes for streaming_replication (node 0 the primary, the others its standbys)")]
    [InlineData("backend_clustering_mode = 'mirror'\n", "pgpool.conf:1: invalid value 'mirror' for backend_clustering_mode: expected streaming_replication, native_replication, logical_replication, slony, raw, snapshot_isolation")]
    [InlineData("ssl = sometimes\n", "pgpool.conf:1: invalid value 'sometimes' for ssl: expected on or off")]
    [InlineData("delay_threshold_by_time = soon\n", "pgpool.conf:1: invalid value 'soon' for delay_threshold_by_time: expected a whole number of milliseconds, such as 500 or 2s")]
    public void Parse_BadLine_ErrorNamesFileLineAndKey(string text, string error) =>
        Assert.Equal([error], PgpoolConf.Parse(text).Errors);

    [Fact]
    public void Parse_SeveralBadLines_ReportsEveryOne()
    {
        var conf = PgpoolConf.Parse("port = x\nload_balance_mode = maybe\nnope = 1\n");

        Assert.Equal(["pgpool.conf:1:", "pgpool.conf:2:", "pgpool.conf:3:"], conf.Errors.Select(error => error[..error.IndexOf(' ', StringComparison.Ordinal)]));
    }

    [Theory]
    [InlineData("pid_file_name = '/var/run/pgpool.pid'", "pid_file_name is ignored: the router does not implement it")]
    [InlineData("memory_cache_enabled = on", "memory_cache_enabled is ignored: the router does not implement it")]
    [InlineData("hostname0 = ''", "hostname0 is ignored: the router does not implement it")]
    [InlineData("wd_port = 9000", "wd_port is ignored: the router does not implement it")]
    [InlineData("health_check_period1 = 5", "health_check_period1 is ignored: the router applies health_check_period to every node, without per-node values")]
    [InlineData("white_function_list = 'nextval'", "white_function_list is ignored, as pgpool-II 4.3 ignores it: pgpool-II 4.2 renamed it read_only_function_list")]
    [InlineData("other_pgpool_hostname0 = 'host'", "other_pgpool_hostname0 is ignored, as pgpool-II 4.3 ignores it: pgpool-II 4.2 replaced it with hostnameN")]
    [InlineData("unix_socket_directories = '/tmp'", "unix_socket_directories is ignored: it is a pgpool-II 4.4-or-later setting the router does not implement")]
    public void Parse_KnownKeyTheRouterDoesNotUse_IsAWarning(string line, string warning)
    {
        var conf = PgpoolConf.Parse("port = 5\n" + line + "\n");

        Assert.Empty(conf.Errors);
        var only = Assert.Single(conf.Warnings);
        Assert.Equal("pgpool.conf:2: " + warning, only.ToString());
        Assert.Equal(["Router:Port"], conf.Data.Keys);
    }

    [Fact]
    public void Parse_EveryPgpool43Key_IsUsedOrWarnedAbout()
    {
        // Per-node keys with node 0, and also without a node where pgpool allows that (health_check_period).
        var lines = Pgpool43Keys.All.SelectMany(key => Pgpool43Keys.NodeRequired.Contains(key) ? [$"{key}0 = {SampleValue(key)}"]
            : Pgpool43Keys.PerNode.Contains(key) ? [$"{key} = {SampleValue(key)}", $"{key}0 = {SampleValue(key)}"]
            : new[] { $"{key} = {SampleValue(key)}" });

        var conf = PgpoolConf.Parse(string.Join('\n', lines));

        Assert.Empty(conf.Errors);
        Assert.All(Pgpool43Keys.All, key => Assert.True(
            conf.Warnings.Any(warning => warning.Key == key || warning.Key == key + "0")
                || conf.Origins.Values.Any(origin => origin.StartsWith($"{key} at ", StringComparison.Ordinal) || origin.StartsWith($"{key}0 at ", StringComparison.Ordinal))
                || key is "ssl" or "backend_clustering_mode" or "backend_data_directory",
            $"{key} is neither used nor warned about"));

        static string SampleValue(string key) => key switch
        {
            "backend_clustering_mode" => "'streaming_replication'",
            "disable_load_balance_on_write" => "'transaction'",
            "backend_flag" => "'ALLOW_TO_FAILOVER'",
            _ when key.EndsWith("_list", StringComparison.Ordinal) => "''",
            _ => "1",
        };
    }

    [Fact]
    public void Parse_AesPassword_IsAnErrorThatDoesNotShowIt()
    {
        var conf = PgpoolConf.Parse("sr_check_password = 'AESq9vBzjlqK8M2oWbnZTVDhg=='\n");

        Assert.Equal("pgpool.conf:1: sr_check_password is encrypted with pg_enc (AES), which the router cannot decrypt: give the password in clear, or as TEXT<password>", Assert.Single(conf.Errors));
    }

    [Fact]
    public void Parse_Passwords_AppearInNoMessage()
    {
        var conf = PgpoolConf.Parse("""
            sr_check_password = 'pw-one'
            health_check_password = 'pw-two'
            health_check_password0 = 'pw-three'
            recovery_password = 'pw-four'
            wd_lifecheck_password = 'pw-five'
            wd_authkey = 'pw-six'
            sr_check_pasword = 'pw-seven'
            """);

        Assert.All(conf.Errors.Concat(conf.Warnings.Select(warning => warning.ToString())), message => Assert.DoesNotContain("pw-", message, StringComparison.Ordinal));
        Assert.Single(conf.Errors);
        Assert.Equal(4, conf.Warnings.Count);
    }
}
