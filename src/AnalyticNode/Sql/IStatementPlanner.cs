using HtapRouter.AnalyticNode.Sessions;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>Turns client SQL into the statements the session runs, on PostgreSQL's own grammar.</summary>
internal interface IStatementPlanner
{
    /// <summary>Splits a simple-protocol query string into its statements; a syntax error throws 42601.</summary>
    IReadOnlyList<NodeStatement> PlanQuery(string sql, SessionSettings settings);

    /// <summary>Plans the one statement of a Parse message; more than one is 42601.</summary>
    NodeStatement PlanPrepared(string sql, SessionSettings settings);
}
