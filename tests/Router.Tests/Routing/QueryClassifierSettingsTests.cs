using HtapRouter.Router.Configuration;
using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Tests.Routing;

/// <summary>read_only_function_list, write_function_list, primary_routing_query_pattern_list and allow_sql_comments.</summary>
public class QueryClassifierSettingsTests
{
    [Theory]
    [InlineData("SELECT touch_counter()")]
    [InlineData("SELECT public.touch_counter()")]
    [InlineData("SELECT TOUCH_COUNTER()")]
    public async Task Classify_VolatileFunctionInReadOnlyList_IsRead(string sql)
    {
        var classifier = await TestCatalogs.ClassifierAsync(new RouterOptions { ReadOnlyFunctionList = ["touch_counter"] });

        var query = classifier.Classify(sql);

        Assert.Equal((QueryKind.Read, QueryTarget.LoadBalance), (query.Kind, query.Target));
    }

    [Theory]
    [InlineData("SELECT get_user_name(1)", QueryKind.Read)]
    [InlineData("SELECT public.get_user_name(1)", QueryKind.Read)]
    [InlineData("SELECT app.log_access(1)", QueryKind.Write)]
    [InlineData("SELECT touch_counter()", QueryKind.Write)]
    public async Task Classify_ReadOnlyListPattern_ExemptsOnlyWholeNameMatches(string sql, QueryKind kind)
    {
        var classifier = await TestCatalogs.ClassifierAsync(new RouterOptions { ReadOnlyFunctionList = ["get_.*", "counter"] });

        Assert.Equal(kind, classifier.Classify(sql).Kind);
    }

    [Fact]
    public async Task Classify_ReadOnlyListMatchingQualifiedName_ExemptsQualifiedCall()
    {
        var classifier = await TestCatalogs.ClassifierAsync(new RouterOptions { ReadOnlyFunctionList = ["app\\.log_.*"] });

        Assert.Equal(QueryKind.Read, classifier.Classify("SELECT app.log_access(1)").Kind);
    }

    [Theory]
    [InlineData("SELECT nextval('s')")]
    [InlineData("SELECT pg_advisory_lock(1)")]
    public async Task Classify_SequenceOrLockFunctionInReadOnlyList_StaysWrite(string sql)
    {
        var classifier = await TestCatalogs.ClassifierAsync(new RouterOptions { ReadOnlyFunctionList = [".*"] });

        Assert.Equal(PrimaryReason.WriteFunction, classifier.Classify(sql).Reason);
    }

    [Theory]
    [InlineData("SELECT audit_stamp()", QueryKind.Write)]
    [InlineData("SELECT app.AUDIT_STAMP()", QueryKind.Write)]
    [InlineData("SELECT audit_stamp_reader()", QueryKind.Read)]
    [InlineData("SELECT stamp()", QueryKind.Read)]
    public async Task Classify_WriteFunctionList_MakesMatchingCallsWrites(string sql, QueryKind kind)
    {
        var classifier = await TestCatalogs.ClassifierAsync(new RouterOptions { WriteFunctionList = ["AUDIT_STAMP"] });

        Assert.Equal(kind, classifier.Classify(sql).Kind);
    }

    [Theory]
    [InlineData("SELECT * FROM accounts;", QueryTarget.Primary)]
    [InlineData("select * from ACCOUNTS;", QueryTarget.Primary)]
    [InlineData("  SELECT * FROM accounts;\n", QueryTarget.Primary)]
    [InlineData("SELECT * FROM accounts", QueryTarget.LoadBalance)]
    [InlineData("SELECT * FROM accounts WHERE id = 1;", QueryTarget.LoadBalance)]
    [InlineData("SELECT col1 FROM report WHERE col1 LIKE '%a%';", QueryTarget.Primary)]
    [InlineData("SELECT * FROM big_table_name3 LIMIT 1", QueryTarget.Primary)]
    public async Task Classify_PrimaryRoutingPattern_MatchesWholeText(string sql, QueryTarget target)
    {
        // The patterns of pgpool's documentation, escapes and all.
        var classifier = await TestCatalogs.ClassifierAsync(new RouterOptions
        {
            PrimaryRoutingQueryPatternList = [@"SELECT \* FROM accounts\;", @"SELECT col1 FROM report WHERE col1 LIKE \'%a%\'\;", ".*table_name3.*"],
        });

        var query = classifier.Classify(sql);

        Assert.Equal(target, query.Target);
        Assert.Equal(target == QueryTarget.Primary ? PrimaryReason.PrimaryRoutingPattern : PrimaryReason.None, query.Reason);
    }

    [Fact]
    public async Task Classify_PrimaryRoutingPatternOnWrite_StaysWrite()
    {
        var classifier = await TestCatalogs.ClassifierAsync(new RouterOptions { PrimaryRoutingQueryPatternList = [".*"] });

        Assert.Equal(PrimaryReason.NotARead, classifier.Classify("INSERT INTO accounts VALUES (1)").Reason);
    }

    [Theory]
    [InlineData("/* app=web */ SELECT 1", QueryTarget.LoadBalance, PrimaryReason.None)]
    [InlineData("-- report\nSELECT 1", QueryTarget.LoadBalance, PrimaryReason.None)]
    [InlineData("/*NO LOAD BALANCE*/ SELECT 1", QueryTarget.Primary, PrimaryReason.NoLoadBalanceComment)]
    [InlineData("/* tag */ SELECT * FROM accounts; /* trailing */", QueryTarget.Primary, PrimaryReason.PrimaryRoutingPattern)]
    [InlineData("SELECT * /* inside */ FROM accounts;", QueryTarget.Primary, PrimaryReason.PrimaryRoutingPattern)]
    [InlineData("SELECT '/* kept */' FROM accounts;", QueryTarget.LoadBalance, PrimaryReason.None)]
    public async Task Classify_AllowSqlComments_IgnoresCommentsForBalancingAndPatterns(string sql, QueryTarget target, PrimaryReason reason)
    {
        var classifier = await TestCatalogs.ClassifierAsync(new RouterOptions
        {
            AllowSqlComments = true,
            PrimaryRoutingQueryPatternList = [@"SELECT \* FROM accounts\;"],
        });

        var query = classifier.Classify(sql);

        Assert.Equal((target, reason), (query.Target, query.Reason));
    }

    [Theory]
    [InlineData("primary_routing_query_pattern_list", "(unclosed")]
    [InlineData("read_only_function_list", "(a)\\1")]
    [InlineData("write_function_list", "[z-a]")]
    public async Task Constructor_InvalidPattern_NamesSettingAndPattern(string setting, string pattern)
    {
        var options = setting switch
        {
            "read_only_function_list" => new RouterOptions { ReadOnlyFunctionList = [pattern] },
            "write_function_list" => new RouterOptions { WriteFunctionList = [pattern] },
            _ => new RouterOptions { PrimaryRoutingQueryPatternList = [pattern] },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TestCatalogs.ClassifierAsync(options));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains(pattern, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_PatternOnHugeText_EndsInLinearTime()
    {
        // A pattern that takes exponential time to fail on a backtracking engine.
        var classifier = await TestCatalogs.ClassifierAsync(new RouterOptions { PrimaryRoutingQueryPatternList = ["(SELECT .*x*)*y"] });
        var sql = "SELECT " + string.Join(", ", Enumerable.Repeat("x", 5_000));

        var query = await Task.Run(() => classifier.Classify(sql)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(QueryTarget.LoadBalance, query.Target);
    }
}
