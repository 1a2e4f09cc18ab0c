using HtapRouter.AnalyticNode.Sessions;
using HtapRouter.PgQuery;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Protocol;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// Plans client SQL on PostgreSQL's own grammar (libpg_query): writes are refused as a hot standby refuses
/// them (25006), transaction control and settings go to the session, and reads are rewritten for DuckDB.
/// </summary>
internal sealed class StatementPlanner : IStatementPlanner
{
    private readonly QueryRewriter _rewriter;

    public StatementPlanner(QueryRewriter rewriter) => _rewriter = rewriter;

    public IReadOnlyList<NodeStatement> PlanQuery(string sql, SessionSettings settings)
    {
        var parsed = Parse(sql);
        var plans = new NodeStatement[parsed.Statements.Count];
        for (var i = 0; i < plans.Length; i++)
        {
            plans[i] = Plan(parsed.Statements[i], settings);
        }

        return plans;
    }

    public NodeStatement PlanPrepared(string sql, SessionSettings settings)
    {
        var parsed = Parse(sql);
        return parsed.Statements.Count switch
        {
            0 => EmptyStatement.Instance,
            1 => Plan(parsed.Statements[0], settings),
            _ => throw new PgErrorException(SqlState.SyntaxError, "cannot insert multiple commands into a prepared statement"),
        };
    }

    private static PgParseResult Parse(string sql)
    {
        try
        {
            return PgParser.Parse(sql);
        }
        catch (PgSqlSyntaxException e)
        {
            throw new PgErrorException(new PgError(PgSeverity.Error, e.SqlState, e.Message) { Position = e.Position });
        }
    }

    private NodeStatement Plan(PgStatement statement, SessionSettings settings) => statement.Kind switch
    {
        PgStatementKind.Select => PlanSelect(statement, settings),
        PgStatementKind.Explain => new QueryStatement(_rewriter.Rewrite(statement, settings), "EXPLAIN"),
        PgStatementKind.Begin or PgStatementKind.Commit or PgStatementKind.Rollback or PgStatementKind.Savepoint
            or PgStatementKind.ReleaseSavepoint or PgStatementKind.RollbackToSavepoint => SessionStatements.Transaction(statement.Node.TransactionStmt),
        PgStatementKind.Set => SessionStatements.Set(statement.Node.VariableSetStmt),
        PgStatementKind.Show => new ShowStatement(SessionStatements.ShowName(statement.Node.VariableShowStmt.Name)),
        PgStatementKind.Discard => SessionStatements.Discard(statement.Node.DiscardStmt),
        PgStatementKind.Deallocate => new DeallocateStatement(statement.Node.DeallocateStmt.Name is { Length: > 0 } name ? name : null),
        PgStatementKind.Unlisten => new NoOpStatement("UNLISTEN"),
        _ => ReadOnlyRules.Refuse(statement),
    };

    private QueryStatement PlanSelect(PgStatement statement, SessionSettings settings)
    {
        ReadOnlyRules.CheckSelect(statement.Node.SelectStmt);
        return _rewriter.Plan(statement, settings, "SELECT");
    }
}
