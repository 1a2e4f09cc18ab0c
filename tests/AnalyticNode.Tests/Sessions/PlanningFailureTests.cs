using HtapRouter.AnalyticNode.Sessions;
using HtapRouter.AnalyticNode.Sql;
using HtapRouter.AnalyticNode.Tests.Hosting;
using HtapRouter.TestSupport.Clients;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HtapRouter.AnalyticNode.Tests.Sessions;

/// <summary>
/// A defect in the node's own planning (a rewrite that throws what it should not) is that statement's 0A000, as for
/// a statement DuckDB cannot run: the session goes on, over both protocols, and no other session notices.
/// The real planner is wrapped by one that fails on a marked statement.
/// </summary>
public class PlanningFailureTests : IAsyncLifetime
{
    private const string Marker = "select 'planner defect'";
    private NodeHost _node = null!;

    public async Task InitializeAsync() => _node = await NodeHost.CreateAsync("create table items (id integer); insert into items values (1), (2);",
        services: services =>
        {
            services.AddSingleton<StatementPlanner>();
            services.AddSingleton<IStatementPlanner>(provider => new FailingPlanner(provider.GetRequiredService<StatementPlanner>()));
        });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task ExtendedProtocol_PlannerThrows_FeatureNotSupportedAndTheSessionGoesOn()
    {
        await using var connection = await _node.OpenAsync();
        await using var other = await _node.OpenAsync();
        await using var failing = new NpgsqlCommand(Marker, connection); // Npgsql sends Parse/Bind/Execute

        var error = await Assert.ThrowsAsync<PostgresException>(() => failing.ExecuteScalarAsync());
        await using var count = new NpgsqlCommand("select count(*) from items", connection);
        var after = await count.ExecuteScalarAsync();
        await using var otherCount = new NpgsqlCommand("select count(*) from items", other);
        var otherAfter = await otherCount.ExecuteScalarAsync();

        Assert.Equal("0A000", error.SqlState);
        Assert.Contains("simulated defect", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(2L, after);
        Assert.Equal(2L, otherAfter);
    }

    [Fact]
    public async Task SimpleProtocol_PlannerThrows_FeatureNotSupportedAndTheSessionGoesOn()
    {
        // psql sends each line as a simple Query; without ON_ERROR_STOP it goes on to the next in the same session.
        var result = await Psql.RunAsync(_node.Endpoint(), ["-X", "-A", "-t", "-v", "VERBOSITY=verbose"],
            standardInput: $"{Marker};\nselect count(*) from items;\n");

        Assert.Contains("ERROR:  0A000: the analytic node cannot run this statement (internal error: simulated defect)", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("2", result.StandardOutput.Trim());
    }

    private sealed class FailingPlanner(IStatementPlanner inner) : IStatementPlanner
    {
        public IReadOnlyList<NodeStatement> PlanQuery(string sql, SessionSettings settings) =>
            sql.Contains(Marker, StringComparison.Ordinal) ? throw new InvalidOperationException("simulated defect") : inner.PlanQuery(sql, settings);

        public NodeStatement PlanPrepared(string sql, SessionSettings settings) =>
            sql.Contains(Marker, StringComparison.Ordinal) ? throw new InvalidOperationException("simulated defect") : inner.PlanPrepared(sql, settings);
    }
}
