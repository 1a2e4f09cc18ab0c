using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport.Clients;

namespace HtapRouter.AnalyticNode.Tests.Sessions;

/// <summary>Real psql against a real node: the simple query protocol, errors, writes refused, settings.</summary>
public class SimpleQueryTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.CreateAsync("""
        create table test (id integer primary key, name varchar);
        insert into test values (1, 'test'), (2, 'ünïcode');
        """);

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private Task<string> Query(string sql) => Psql.QueryAsync(_node.Endpoint(), sql);

    [Fact]
    public async Task Psql_SelectFromReplicatedTable_ReturnsRows()
    {
        Assert.Equal("1|test\n2|ünïcode", await Query("select id, name from test order by id"));
    }

    [Fact]
    public async Task Psql_SeveralStatementsInOneString_RunsEach()
    {
        var result = await Psql.RunAsync(_node.Endpoint(), ["-X", "-A", "-t", "-c", "select 1; select count(*) from test; select 'x'"]);
        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal("1\n2\nx", result.StandardOutput.Trim()); // psql 15 prints every result of a multi-statement -c
    }

    [Theory]
    [InlineData("insert into test values (3, 'x')", "cannot execute INSERT in a read-only transaction")]
    [InlineData("update test set name = 'y'", "cannot execute UPDATE in a read-only transaction")]
    [InlineData("delete from test", "cannot execute DELETE in a read-only transaction")]
    [InlineData("create table t2 (a int)", "cannot execute CREATE TABLE in a read-only transaction")]
    [InlineData("drop table test", "cannot execute DROP TABLE in a read-only transaction")]
    [InlineData("truncate test", "cannot execute TRUNCATE TABLE in a read-only transaction")]
    [InlineData("select * into t3 from test", "cannot execute SELECT INTO in a read-only transaction")]
    [InlineData("select * from test for update", "cannot execute SELECT FOR UPDATE in a read-only transaction")]
    [InlineData("with d as (delete from test returning *) select * from d", "cannot execute DELETE in a read-only transaction")]
    [InlineData("copy test from stdin", "cannot execute COPY FROM in a read-only transaction")]
    [InlineData("notify chan", "cannot execute NOTIFY during recovery")]
    [InlineData("vacuum test", "cannot execute VACUUM during recovery")]
    public async Task Psql_Write_IsRefusedWith25006(string sql, string message)
    {
        var result = await Psql.RunAsync(_node.Endpoint(), ["-X", "-A", "-t", "-v", "VERBOSITY=verbose", "-c", sql]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"ERROR:  25006: {message}", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("2", await Query("select count(*) from test"));
    }

    [Theory]
    [InlineData("select * from nope", "42P01")]
    [InlineData("select nope from test", "42703")]
    [InlineData("select nope(1)", "42883")]
    [InlineData("selec 1", "42601")]
    [InlineData("select 2147483647::int + 1", "22003")]
    [InlineData("select 'abc'::int", "22P02")]
    public async Task Psql_BadStatement_GetsItsSqlStateAndTheSessionGoesOn(string sql, string sqlState)
    {
        var result = await Psql.RunAsync(_node.Endpoint(), ["-X", "-A", "-t", "-v", "VERBOSITY=verbose"],
            standardInput: $"{sql};\nselect 'still here';\n");

        Assert.Contains($"ERROR:  {sqlState}:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("still here", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Psql_StandbyFunctions_AnswerAsAHotStandby()
    {
        var output = await Query("select pg_is_in_recovery(), pg_last_wal_replay_lsn() is null, current_database(), current_user, version() like 'PostgreSQL 15.0 %'");
        Assert.Equal("t|t|postgres|postgres|t", output);
    }

    [Fact]
    public async Task Psql_StandbyFunctionColumns_AreNamedAsPostgresNamesThem()
    {
        var result = await Psql.RunAsync(_node.Endpoint(), ["-X", "-A", "-c", "select pg_is_in_recovery(), current_user, version() is not null as v"]);
        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal("pg_is_in_recovery|current_user|v", result.StandardOutput.Split('\n')[0]);
    }

    [Fact]
    public async Task Psql_ShowAndSet_FollowTheSession()
    {
        var script = """
            show transaction_read_only;
            show in_hot_standby;
            set timezone = 'Asia/Kolkata';
            show timezone;
            select current_setting('TimeZone');
            select timestamptz '2024-01-01 00:00:00+00';
            reset timezone;
            show timezone;
            set nonsense = 1;
            """;
        var result = await Psql.RunAsync(_node.Endpoint(), ["-X", "-A", "-t", "-v", "VERBOSITY=verbose"], standardInput: script);

        Assert.Equal(["on", "on", "SET", "Asia/Kolkata", "Asia/Kolkata", "2024-01-01 05:30:00+05:30", "RESET", "UTC"],
            result.StandardOutput.TrimEnd('\n').Split('\n'));
        Assert.Contains("ERROR:  42704: unrecognized configuration parameter \"nonsense\"", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Psql_FailedTransaction_RefusesUntilRollback()
    {
        var script = """
            begin;
            select * from nope;
            select 1;
            rollback;
            select 'after';
            """;
        var result = await Psql.RunAsync(_node.Endpoint(), ["-X", "-A", "-t", "-v", "VERBOSITY=verbose"], standardInput: script);

        Assert.Contains("ERROR:  25P02: current transaction is aborted, commands ignored until end of transaction block",
            result.StandardError, StringComparison.Ordinal);
        Assert.Equal("BEGIN\nROLLBACK\nafter", result.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("begin read write", "0A000: cannot set transaction read-write mode during recovery")]
    [InlineData("begin isolation level serializable", "0A000: cannot use serializable mode in a hot standby")]
    public async Task Psql_TransactionModesAStandbyRefuses_AreRefused(string sql, string error)
    {
        var result = await Psql.RunAsync(_node.Endpoint(), ["-X", "-A", "-t", "-v", "VERBOSITY=verbose", "-c", sql]);
        Assert.Contains($"ERROR:  {error}", result.StandardError, StringComparison.Ordinal);
    }
}
