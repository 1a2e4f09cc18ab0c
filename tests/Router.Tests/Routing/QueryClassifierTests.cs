using HtapRouter.PgQuery.Tree;
using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Tests.Routing;

/// <summary>Every routing rule on the real parser, with default settings (allow_sql_comments off, no lists).</summary>
public class QueryClassifierTests
{
    public static TheoryData<string, QueryKind, QueryTarget, PrimaryReason> Rules() => new()
    {
        // Reads, load balanced.
        { "SELECT abalance FROM pgbench_accounts WHERE aid = 12345;", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "select 1", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "VALUES (1), (2)", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "TABLE accounts", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "WITH x AS (SELECT * FROM accounts) SELECT * FROM x", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "SELECT count(*), now(), lower('A') FROM accounts", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "(SELECT 1) UNION ALL (SELECT 2)", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "SHOW search_path", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "EXPLAIN SELECT * FROM accounts", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "EXPLAIN (ANALYZE false) SELECT 1", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "EXPLAIN (COSTS off) INSERT INTO accounts VALUES (1)", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "EXPLAIN SELECT nextval('s')", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "SELECT 1 /* a comment after the start is fine */", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },
        { "SELECT '/*NO LOAD BALANCE*/'", QueryKind.Read, QueryTarget.LoadBalance, PrimaryReason.None },

        // Reads that write after all.
        { "WITH x AS (DELETE FROM accounts RETURNING *) SELECT * FROM x", QueryKind.Write, QueryTarget.Primary, PrimaryReason.DataModifyingCte },
        { "WITH x AS (INSERT INTO accounts VALUES (1) RETURNING 1) SELECT 1", QueryKind.Write, QueryTarget.Primary, PrimaryReason.DataModifyingCte },
        { "SELECT * FROM (SELECT * FROM accounts FOR UPDATE) s", QueryKind.Write, QueryTarget.Primary, PrimaryReason.LockingClause },
        { "SELECT * FROM accounts FOR KEY SHARE", QueryKind.Write, QueryTarget.Primary, PrimaryReason.LockingClause },
        { "WITH l AS (SELECT * FROM accounts FOR NO KEY UPDATE) SELECT * FROM l", QueryKind.Write, QueryTarget.Primary, PrimaryReason.LockingClause },
        { "SELECT nextval('s')", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "select pg_catalog.setval('s', 42)", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT currval('s')", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT lastval()", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT pg_advisory_lock(1)", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT pg_try_advisory_xact_lock_shared(1)", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT pg_advisory_unlock_all()", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT * FROM accounts WHERE id = (SELECT nextval('s'))", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT * FROM accounts ORDER BY random()", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT touch_counter()", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT public.touch_counter()", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT app.log_access(1)", QueryKind.Write, QueryTarget.Primary, PrimaryReason.WriteFunction },
        { "SELECT * INTO t2 FROM accounts", QueryKind.Write, QueryTarget.Primary, PrimaryReason.SelectInto },

        // Reads kept on the primary.
        { "EXPLAIN ANALYZE SELECT * FROM accounts", QueryKind.Read, QueryTarget.Primary, PrimaryReason.ExplainAnalyze },
        { "EXPLAIN (ANALYZE, BUFFERS) SELECT 1", QueryKind.Read, QueryTarget.Primary, PrimaryReason.ExplainAnalyze },
        { "EXPLAIN EXECUTE q(1)", QueryKind.Read, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "/*NO LOAD BALANCE*/ SELECT 1", QueryKind.Read, QueryTarget.Primary, PrimaryReason.NoLoadBalanceComment },
        { "  /* no load balance */\nSELECT * FROM accounts", QueryKind.Read, QueryTarget.Primary, PrimaryReason.NoLoadBalanceComment },
        { "/* app=web */ SELECT 1", QueryKind.Read, QueryTarget.Primary, PrimaryReason.LeadingComment },
        { "-- report\nSELECT 1", QueryKind.Read, QueryTarget.Primary, PrimaryReason.LeadingComment },
        { "SELECT * FROM scratch", QueryKind.Read, QueryTarget.Primary, PrimaryReason.UnloggedTable },
        { "SELECT * FROM public.scratch JOIN accounts USING (id)", QueryKind.Read, QueryTarget.Primary, PrimaryReason.UnloggedTable },
        { "SELECT * FROM pg_temp.session_rows", QueryKind.Read, QueryTarget.Primary, PrimaryReason.TemporaryTable },

        // Writes and everything else for the primary.
        { "INSERT INTO accounts VALUES (1)", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "UPDATE accounts SET a = 1", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "DELETE FROM accounts", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "MERGE INTO accounts a USING orders o ON a.id = o.id WHEN MATCHED THEN DELETE", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "EXPLAIN ANALYZE INSERT INTO accounts VALUES (1)", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "COPY accounts FROM STDIN", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "COPY accounts TO STDOUT", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "CREATE TABLE t (a int)", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "TRUNCATE accounts", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "LOCK TABLE accounts IN ACCESS SHARE MODE", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "CALL do_things()", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "DO $$BEGIN PERFORM 1; END$$", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "NOTIFY ch, 'x'", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "DECLARE c CURSOR FOR SELECT 1", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "FETCH 10 FROM c", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "CLOSE c", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "VACUUM accounts", QueryKind.Write, QueryTarget.Primary, PrimaryReason.NotARead },
        { "EXECUTE q(1)", QueryKind.Write, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "SELECT 1; SELECT 2", QueryKind.MultiStatement, QueryTarget.Primary, PrimaryReason.MultiStatement },
        { "SELEC 1", QueryKind.Unparsed, QueryTarget.Primary, PrimaryReason.SyntaxError },
        { "SELECT 1 FROM", QueryKind.Unparsed, QueryTarget.Primary, PrimaryReason.SyntaxError },

        // Nothing at all.
        { "", QueryKind.Empty, QueryTarget.LoadBalance, PrimaryReason.None },
        { " ; -- nothing\n;", QueryKind.Empty, QueryTarget.LoadBalance, PrimaryReason.None },

        // Transaction control.
        { "BEGIN", QueryKind.Transaction, QueryTarget.AllBackends, PrimaryReason.None },
        { "BEGIN READ ONLY", QueryKind.Transaction, QueryTarget.AllBackends, PrimaryReason.None },
        { "START TRANSACTION ISOLATION LEVEL SERIALIZABLE", QueryKind.Transaction, QueryTarget.AllBackends, PrimaryReason.None },
        { "BEGIN READ WRITE", QueryKind.Transaction, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "COMMIT", QueryKind.Transaction, QueryTarget.AllBackends, PrimaryReason.None },
        { "END", QueryKind.Transaction, QueryTarget.AllBackends, PrimaryReason.None },
        { "ROLLBACK", QueryKind.Transaction, QueryTarget.AllBackends, PrimaryReason.None },
        { "SAVEPOINT s1", QueryKind.Transaction, QueryTarget.AllBackends, PrimaryReason.None },
        { "RELEASE SAVEPOINT s1", QueryKind.Transaction, QueryTarget.AllBackends, PrimaryReason.None },
        { "ROLLBACK TO s1", QueryKind.Transaction, QueryTarget.AllBackends, PrimaryReason.None },
        { "PREPARE TRANSACTION 'gx'", QueryKind.Transaction, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "COMMIT PREPARED 'gx'", QueryKind.Transaction, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "ROLLBACK PREPARED 'gx'", QueryKind.Transaction, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },

        // Session state.
        { "SET search_path TO app, public", QueryKind.SessionState, QueryTarget.AllBackends, PrimaryReason.None },
        { "SET LOCAL statement_timeout = '5s'", QueryKind.SessionState, QueryTarget.AllBackends, PrimaryReason.None },
        { "SET SESSION work_mem = '64MB'", QueryKind.SessionState, QueryTarget.AllBackends, PrimaryReason.None },
        { "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", QueryKind.SessionState, QueryTarget.AllBackends, PrimaryReason.None },
        { "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", QueryKind.SessionState, QueryTarget.AllBackends, PrimaryReason.None },
        { "SET transaction_read_only = off", QueryKind.SessionState, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "SET TRANSACTION READ WRITE", QueryKind.SessionState, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", QueryKind.SessionState, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "SET TRANSACTION SNAPSHOT '00000003-0000001B-1'", QueryKind.SessionState, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "RESET work_mem", QueryKind.SessionState, QueryTarget.AllBackends, PrimaryReason.None },
        { "RESET ALL", QueryKind.SessionState, QueryTarget.AllBackends, PrimaryReason.None },
        { "DISCARD ALL", QueryKind.SessionState, QueryTarget.AllBackends, PrimaryReason.None },
        { "DEALLOCATE ALL", QueryKind.SessionState, QueryTarget.AllBackends, PrimaryReason.None },
        { "PREPARE q(int) AS SELECT $1", QueryKind.SessionState, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "DEALLOCATE q", QueryKind.SessionState, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "LISTEN jobs", QueryKind.SessionState, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },
        { "UNLISTEN *", QueryKind.SessionState, QueryTarget.Primary, PrimaryReason.PrimaryOnlyCommand },

        // The router's own.
        { "show pool_nodes", QueryKind.Admin, QueryTarget.Router, PrimaryReason.None },
        { "SHOW POOL_NODES;", QueryKind.Admin, QueryTarget.Router, PrimaryReason.None },
        { "Show Pool_Health_Check_Stats", QueryKind.Admin, QueryTarget.Router, PrimaryReason.None },
        { "PGPOOL ATTACH NODE 1", QueryKind.Admin, QueryTarget.Router, PrimaryReason.None },
        { "pgpool detach node 2;", QueryKind.Admin, QueryTarget.Router, PrimaryReason.None },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Classify_Statement_FollowsRoutingRules(string sql, QueryKind kind, QueryTarget target, PrimaryReason reason)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var query = classifier.Classify(sql);

        Assert.Equal((kind, target, reason), (query.Kind, query.Target, query.Reason));
        Assert.Equal(kind == QueryKind.Write, query.IsWrite);
    }

    [Theory]
    [InlineData("show pool_nodes", AdminCommandKind.ShowPoolNodes, null)]
    [InlineData("SHOW POOL_VERSION", AdminCommandKind.ShowPoolVersion, null)]
    [InlineData("SHOW pool_processes", AdminCommandKind.ShowPoolProcesses, null)]
    [InlineData("SHOW pool_pools", AdminCommandKind.ShowPoolPools, null)]
    [InlineData("SHOW POOL_BACKEND_STATS", AdminCommandKind.ShowPoolBackendStats, null)]
    [InlineData("SHOW pool_health_check_stats", AdminCommandKind.ShowPoolHealthCheckStats, null)]
    [InlineData("PGPOOL ATTACH NODE 1", AdminCommandKind.AttachNode, 1)]
    [InlineData("  pgpool Detach /* why */ NODE\n12 ; -- done", AdminCommandKind.DetachNode, 12)]
    public async Task Classify_AdminCommand_NamesCommandAndNode(string sql, AdminCommandKind kind, int? node)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var query = classifier.Classify(sql);

        Assert.Equal(new AdminCommand(kind, node), query.Admin);
    }

    [Theory]
    [InlineData("PGPOOL ATTACH NODE")]
    [InlineData("PGPOOL ATTACH NODE one")]
    [InlineData("PGPOOL ATTACH NODE 1 now")]
    [InlineData("PGPOOL ATTACH NODE 1x")]
    [InlineData("PGPOOLS ATTACH NODE 1")]
    [InlineData("PGPOOL REATTACH NODE 1")]
    [InlineData("PGPOOL ATTACH NODE 99999999999")]
    public async Task Classify_MalformedPgpoolCommand_IsUnparsedForThePrimary(string sql)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var query = classifier.Classify(sql);

        Assert.Equal(QueryKind.Unparsed, query.Kind);
        Assert.Equal(QueryTarget.Primary, query.Target);
    }

    [Fact]
    public async Task Classify_SyntaxError_CarriesPostgresError()
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var query = classifier.Classify("SELECT 1 FROM");

        Assert.Equal("syntax error at end of input", query.SyntaxError?.Message);
        Assert.Equal("42601", query.SyntaxError?.SqlState);
    }

    [Fact]
    public async Task Classify_Read_ReportsStatementKind()
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        Assert.Equal(PgStatementKind.Select, classifier.Classify("SELECT 1").StatementKind);
        Assert.Equal(PgStatementKind.Insert, classifier.Classify("INSERT INTO accounts VALUES (1)").StatementKind);
        Assert.Equal(PgStatementKind.ExplainAnalyze, classifier.Classify("EXPLAIN ANALYZE SELECT 1").StatementKind);
        Assert.Null(classifier.Classify("SELECT 1; SELECT 2").StatementKind);
    }
}
