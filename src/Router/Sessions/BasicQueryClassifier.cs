using HtapRouter.PgQuery;
using HtapRouter.PgQuery.Tree;
using HtapRouter.Router.Backends;

namespace HtapRouter.Router.Sessions;

/// <summary>
/// Statement routing from PostgreSQL's own grammar: reads are SELECT/VALUES/TABLE/SHOW/EXPLAIN without a lock,
/// INTO, data-modifying WITH or write function; everything else, several statements, or text that does not parse
/// goes to the primary. Superseded by the full classifier of issue #5 (function lists, volatility, temp tables).
/// </summary>
internal sealed class BasicQueryClassifier : IQueryClassifier
{
    private static readonly HashSet<string> WriteFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "nextval", "setval", "pg_advisory_lock", "pg_advisory_xact_lock", "pg_try_advisory_lock", "pg_advisory_unlock",
    };

    public QueryRoute Classify(string sql)
    {
        var admin = AdminSyntax.TryParse(sql);
        if (admin is not null)
        {
            return admin;
        }
        if (!PgParser.TryParse(sql, out var parsed))
        {
            return QueryRoute.PrimaryOther;
        }
        if (parsed.Statements.Count == 0)
        {
            return QueryRoute.Empty;
        }
        if (parsed.Statements.Count > 1)
        {
            var readsOnly = parsed.Statements.All(s => s.Kind is PgStatementKind.Select or PgStatementKind.Show
                && !PgTreeFacts.HasDataModifyingCte(s.Node) && PgTreeFacts.GetLockingClauses(s.Node).Count == 0
                && s.Node.SelectStmt?.IntoClause is null && !PgTreeFacts.GetFunctionNames(s.Node).Any(f => WriteFunctions.Contains(f.Name)));
            return readsOnly ? QueryRoute.PrimaryOther with { StandbyMayRun = true } : QueryRoute.PrimaryOther;
        }

        var statement = parsed.Statements[0];
        var node = statement.Node;
        switch (statement.Kind)
        {
            case PgStatementKind.Select or PgStatementKind.Show or PgStatementKind.Explain:
                if (PgTreeFacts.HasDataModifyingCte(node) || PgTreeFacts.GetLockingClauses(node).Count > 0
                    || node.SelectStmt?.IntoClause is not null
                    || PgTreeFacts.GetFunctionNames(node).Any(f => WriteFunctions.Contains(f.Name)))
                {
                    return new QueryRoute(RouteKind.Primary, StatementTally.Select, [], []);
                }
                var relations = PgTreeFacts.GetRelations(node).Where(r => !r.IsCteReference)
                    .Select(r => r.Schema is null ? r.Name : $"{r.Schema}.{r.Name}").Distinct().ToList();
                return new QueryRoute(RouteKind.Read, StatementTally.Select, relations, []);
            case PgStatementKind.Insert:
                return Write(StatementTally.Insert, node);
            case PgStatementKind.Update:
                return Write(StatementTally.Update, node);
            case PgStatementKind.Delete:
                return Write(StatementTally.Delete, node);
            case PgStatementKind.Begin:
                return new QueryRoute(RouteKind.Begin, StatementTally.Other, [], []);
            case PgStatementKind.Commit:
                return new QueryRoute(RouteKind.Commit, StatementTally.Other, [], []);
            case PgStatementKind.Rollback:
                return new QueryRoute(RouteKind.Rollback, StatementTally.Other, [], []);
            case PgStatementKind.Savepoint or PgStatementKind.ReleaseSavepoint or PgStatementKind.RollbackToSavepoint:
                return new QueryRoute(RouteKind.Savepoint, StatementTally.Other, [], []);
            case PgStatementKind.Set:
                var isLocal = node.VariableSetStmt.IsLocal || node.VariableSetStmt.Name.StartsWith("transaction", StringComparison.OrdinalIgnoreCase);
                return new QueryRoute(isLocal ? RouteKind.TransactionState : RouteKind.SessionState, StatementTally.Other, [], []);
            case PgStatementKind.Discard:
                return new QueryRoute(RouteKind.Discard, StatementTally.Other, [], []);
            case PgStatementKind.Utility:
                return new QueryRoute(RouteKind.Primary, StatementTally.Ddl, [], []);
            default:
                return QueryRoute.PrimaryOther;
        }
    }

    private static QueryRoute Write(StatementTally tally, global::PgQuery.Node node) =>
        new(RouteKind.Primary, tally, [], [.. PgTreeFacts.GetRelations(node).Where(r => !r.IsCteReference).Select(r => r.Name)]);
}

/// <summary>The router's own commands, which are not SQL: SHOW POOL_* and PGPOOL ATTACH/DETACH NODE n.</summary>
internal static class AdminSyntax
{
    public static QueryRoute? TryParse(string sql)
    {
        var words = sql.Trim().TrimEnd(';').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 2 && words[0].Equals("show", StringComparison.OrdinalIgnoreCase))
        {
            var command = words[1].ToLowerInvariant() switch
            {
                "pool_nodes" => AdminCommand.ShowPoolNodes,
                "pool_version" => AdminCommand.ShowPoolVersion,
                "pool_processes" => AdminCommand.ShowPoolProcesses,
                "pool_pools" => AdminCommand.ShowPoolPools,
                "pool_backend_stats" => AdminCommand.ShowPoolBackendStats,
                "pool_health_check_stats" => AdminCommand.ShowPoolHealthCheckStats,
                _ => (AdminCommand?)null,
            };
            return command is null ? null : new QueryRoute(RouteKind.Admin, StatementTally.Other, [], [], command);
        }
        if (words.Length == 4 && words[0].Equals("pgpool", StringComparison.OrdinalIgnoreCase)
            && words[2].Equals("node", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(words[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            var verb = words[1].ToLowerInvariant();
            if (verb is "attach" or "detach")
            {
                return new QueryRoute(RouteKind.Admin, StatementTally.Other, [], [],
                    verb == "attach" ? AdminCommand.AttachNode : AdminCommand.DetachNode, id);
            }
        }
        return null;
    }
}

/// <summary>Until a node's relations are known, every node is taken to hold everything.</summary>
internal sealed class EveryRelation : IRelationCatalog
{
    public bool Holds(BackendNode node, IReadOnlyList<string> relations) => true;
}
