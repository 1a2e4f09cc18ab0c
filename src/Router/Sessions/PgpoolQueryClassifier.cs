using System.Runtime.CompilerServices;
using HtapRouter.PgQuery.Tree;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Sessions;

/// <summary>
/// What a session does with each kind of statement the <see cref="QueryClassifier"/> recognises: the classifier
/// says what a statement is and where it may run, this says how the session runs it.
/// </summary>
internal sealed class PgpoolQueryClassifier(QueryClassifier classifier) : IQueryClassifier
{
    /// <summary>
    /// Each class's route. The classifier hands out one class for every text it has cached, and a route is a
    /// function of its class alone, so a statement seen before costs no new route; a class dropped from the
    /// classifier's cache takes its route with it.
    /// </summary>
    private readonly ConditionalWeakTable<QueryClass, QueryRoute> _routes = new();

    public QueryRoute Classify(string sql, TemporaryTableSet? temporaryTables = null)
    {
        var query = classifier.Classify(sql, temporaryTables);
        if (!_routes.TryGetValue(query, out var route))
        {
            route = RouteFor(query);
            _routes.AddOrUpdate(query, route);
        }
        return route;
    }

    private static QueryRoute RouteFor(QueryClass query)
    {
        var tally = Tally(query);
        var route = query.Kind switch
        {
            QueryKind.Empty => QueryRoute.Empty,
            QueryKind.Admin => new QueryRoute(RouteKind.Admin, StatementTally.Other, [], [], query.Admin!.Kind, query.Admin.NodeId ?? -1),
            QueryKind.Read when query.Target == QueryTarget.LoadBalance => new QueryRoute(RouteKind.Read, tally, query.ReadRelations, []),
            QueryKind.Transaction => Transaction(query.Transaction!, tally),
            QueryKind.SessionState => Session(query, tally),
            QueryKind.MultiStatement => new QueryRoute(RouteKind.Primary, tally, [], [.. query.Statements.SelectMany(s => s.WrittenTables)]),
            _ => new QueryRoute(RouteKind.Primary, tally, [], query.WrittenTables),
        };

        // SELECT-shaped statements that must run on the primary (several in one string, a function not known to be
        // read-only, a hint) still run on a standby when the primary is down, rather than the client getting an
        // error; a standby refuses what really writes, as any hot standby does.
        var selectShaped = query.Kind == QueryKind.MultiStatement
            ? query.Statements.All(s => s.Kind == QueryKind.Empty || IsSelectShaped(s))
            : IsSelectShaped(query);
        return route with { Class = query, CountsAsWrite = query.IsWrite, StandbyMayRun = route.Kind == RouteKind.Primary && selectShaped };
    }

    private static QueryRoute Transaction(TransactionCommand command, StatementTally tally) => command.Kind switch
    {
        TransactionCommandKind.Begin => new QueryRoute(RouteKind.Begin, tally, [], []),
        TransactionCommandKind.Commit => new QueryRoute(RouteKind.Commit, tally, [], []),
        TransactionCommandKind.Rollback => new QueryRoute(RouteKind.Rollback, tally, [], []),
        TransactionCommandKind.Savepoint or TransactionCommandKind.Release or TransactionCommandKind.RollbackTo =>
            new QueryRoute(RouteKind.Savepoint, tally, [], []),
        // Two-phase commit exists on the primary only.
        _ => new QueryRoute(RouteKind.Primary, tally, [], []),
    };

    private static QueryRoute Session(QueryClass query, StatementTally tally)
    {
        var command = query.Session!;
        var kind = command.Kind switch
        {
            SessionCommandKind.Set or SessionCommandKind.Reset or SessionCommandKind.ResetAll
                or SessionCommandKind.SetSessionCharacteristics => command.IsLocal ? RouteKind.TransactionState : RouteKind.SessionState,
            SessionCommandKind.SetTransaction => RouteKind.TransactionState,
            SessionCommandKind.DiscardAll or SessionCommandKind.DiscardPlans or SessionCommandKind.DiscardSequences
                or SessionCommandKind.DiscardTemp => RouteKind.Discard,
            // PREPARE, DEALLOCATE, LISTEN, UNLISTEN: the primary's alone.
            _ => RouteKind.Primary,
        };
        return new QueryRoute(kind, tally, [], []);
    }

    private static bool IsSelectShaped(QueryClass query) =>
        query.StatementKind is PgStatementKind.Select or PgStatementKind.Show or PgStatementKind.Explain
        && query.WrittenTables.Count == 0 && query.CreatedTemporaryTables.Count == 0;

    private static StatementTally Tally(QueryClass query) => query.StatementKind switch
    {
        PgStatementKind.Select or PgStatementKind.Show or PgStatementKind.Explain => StatementTally.Select,
        PgStatementKind.Insert => StatementTally.Insert,
        PgStatementKind.Update => StatementTally.Update,
        PgStatementKind.Delete => StatementTally.Delete,
        PgStatementKind.Utility or PgStatementKind.CreateTableAs => StatementTally.Ddl,
        _ => StatementTally.Other,
    };
}
