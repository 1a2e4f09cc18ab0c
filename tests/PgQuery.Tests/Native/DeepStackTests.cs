using System.Text;
using HtapRouter.PgQuery.Native;

namespace HtapRouter.PgQuery.Tests.Native;

public class DeepStackTests
{
    [Theory]
    [InlineData("SELECT abalance FROM pgbench_accounts WHERE aid = 12345;")]
    [InlineData("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2")]
    [InlineData("BEGIN")]
    [InlineData("SET statement_timeout = 0")]
    public async Task Run_ParseOfOrdinaryStatement_RunsOnCallingThread(string sql)
    {
        var (caller, runner) = await Task.Run(() => (Environment.CurrentManagedThreadId, RunnerOf(sql)));

        Assert.Equal(caller, runner);
    }

    [Fact]
    public async Task Run_ParseOfDeepExpression_RunsOnAnotherThread()
    {
        var sql = "select " + string.Join("+", Enumerable.Repeat("1", 200));

        var (caller, runner) = await Task.Run(() => (Environment.CurrentManagedThreadId, RunnerOf(sql)));

        Assert.NotEqual(caller, runner);
    }

    [Fact]
    public void Run_WorkThrows_RethrowsOnCaller()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => DeepStack.Run<int, int>(10_000, DeepStack.ParseBytesPerLevel, 0, static _ => throw new InvalidOperationException("x")));

        Assert.Equal("x", error.Message);
    }

    private static int RunnerOf(string sql) => DeepStack.Run(
        ParseDepthBound.Of(Encoding.UTF8.GetBytes(sql)), DeepStack.ParseBytesPerLevel, 0, static _ => Environment.CurrentManagedThreadId);
}
