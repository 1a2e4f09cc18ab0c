using HtapRouter.PgQuery;
using HtapRouter.PgQuery.Tree;
using Pg = global::PgQuery;

namespace HtapRouter.Router.Routing;

public sealed partial class QueryClassifier
{
    /// <summary>Whitespace as PostgreSQL's lexer defines it.</summary>
    private static readonly char[] SqlWhitespace = [' ', '\t', '\n', '\r', '\f'];

    /// <summary>
    /// SELECT, VALUES, TABLE and WITH: a read unless it creates a table (INTO), locks rows, holds a data-modifying
    /// WITH query or calls a function that writes, anywhere in it.
    /// </summary>
    private QueryClass ClassifySelect(Pg.Node node, string? text, ref bool usedCatalogs)
    {
        usedCatalogs = true;
        var facts = StatementFacts.Collect(node, _writeFunctions);
        if (node.SelectStmt.IntoClause is { Rel: { } into })
        {
            return WriteClass(node, PgStatementKind.Select, PrimaryReason.SelectInto, facts, into);
        }
        var reason = facts.HasDataModifyingCte ? PrimaryReason.DataModifyingCte
            : facts.HasLockingClause ? PrimaryReason.LockingClause
            : facts.CallsWriteFunction ? PrimaryReason.WriteFunction
            : PrimaryReason.None;
        return reason == PrimaryReason.None
            ? ReadClass(PgStatementKind.Select, ReadRelationsOf(node), text)
            : WriteClass(node, PgStatementKind.Select, reason, facts);
    }

    /// <summary>
    /// EXPLAIN without ANALYZE plans its statement without running it, so it is a read whatever the statement, as
    /// in pgpool; the standby needs every relation the statement names. EXPLAIN EXECUTE needs the prepared
    /// statement, which only the primary has.
    /// </summary>
    private QueryClass ClassifyExplain(Pg.ExplainStmt explain, string? text, ref bool usedCatalogs)
    {
        usedCatalogs = true;
        var read = ReadClass(PgStatementKind.Explain, ReadRelationsOf(explain.Query), text);
        return explain.Query.NodeCase == Pg.Node.NodeOneofCase.ExecuteStmt && read.Target == QueryTarget.LoadBalance
            ? read with { Target = QueryTarget.Primary, Reason = PrimaryReason.PrimaryOnlyCommand }
            : read;
    }

    /// <summary>EXPLAIN ANALYZE runs its statement: a write when the statement is one, else a read kept on the primary.</summary>
    private QueryClass ClassifyExplainAnalyze(Pg.ExplainStmt explain, ref bool usedCatalogs)
    {
        var statement = ClassifyStatement(explain.Query, PgStatementClassifier.Classify(explain.Query), text: null, ref usedCatalogs);
        return statement.Kind switch
        {
            QueryKind.Read => statement with
            {
                StatementKind = PgStatementKind.ExplainAnalyze, Target = QueryTarget.Primary, Reason = PrimaryReason.ExplainAnalyze,
            },
            QueryKind.Write => statement with { StatementKind = PgStatementKind.ExplainAnalyze },
            _ => WriteClass(explain.Query, PgStatementKind.ExplainAnalyze, PrimaryReason.NotARead),
        };
    }

    /// <summary>SHOW reads a setting; SHOW POOL_* is the router's.</summary>
    private QueryClass ClassifyShow(Pg.VariableShowStmt show, string? text) =>
        AdminCommands.FromShow(show.Name) is { } admin
            ? AdminClass(admin)
            : ReadClass(PgStatementKind.Show, [], text);

    private QueryClass ReadClass(PgStatementKind kind, RelationName[] relations, string? text)
    {
        var reason = ReadReason(relations, text);
        return new QueryClass
        {
            Kind = QueryKind.Read,
            Target = reason == PrimaryReason.None ? QueryTarget.LoadBalance : QueryTarget.Primary,
            Reason = reason,
            StatementKind = kind,
            ReadRelations = relations,
            ReadsSystemCatalog = relations.Any(relation => relation.IsSystemCatalog),
        };
    }

    /// <summary>Why a read must still run on the primary, or <see cref="PrimaryReason.None"/>.</summary>
    private PrimaryReason ReadReason(RelationName[] relations, string? text)
    {
        if (text is not null)
        {
            SqlText.SkipSpaceAndComments(text, 0, out var comments, out var noLoadBalance);
            if (noLoadBalance)
            {
                return PrimaryReason.NoLoadBalanceComment;
            }
            if (comments && !_allowSqlComments)
            {
                return PrimaryReason.LeadingComment;
            }
        }
        foreach (var relation in relations)
        {
            if (relation.Schema == RelationName.TemporarySchema)
            {
                return PrimaryReason.TemporaryTable;
            }
            switch (_relations.GetPersistence(relation))
            {
                case RelationPersistence.Temporary:
                    return PrimaryReason.TemporaryTable;
                case RelationPersistence.Unlogged:
                    return PrimaryReason.UnloggedTable;
            }
        }
        if (text is not null && !_primaryRoutingPatterns.IsEmpty && _primaryRoutingPatterns.IsMatch(PatternText(text)))
        {
            return PrimaryReason.PrimaryRoutingPattern;
        }
        return PrimaryReason.None;
    }

    /// <summary>
    /// The text primary_routing_query_pattern_list sees: as sent, without surrounding whitespace, and with
    /// allow_sql_comments also without comments (found by the lexer, so comment-like text in strings stays).
    /// </summary>
    private string PatternText(string text) =>
        (_allowSqlComments ? PgParser.StripComments(text) : text).Trim(SqlWhitespace);

    /// <summary>The relations a statement reads, each once, without references to WITH queries.</summary>
    private static RelationName[] ReadRelationsOf(Pg.Node statement)
    {
        var relations = PgTreeFacts.GetRelations(statement);
        var names = new List<RelationName>(relations.Count);
        foreach (var relation in relations)
        {
            if (!relation.IsCteReference)
            {
                var name = RelationName.Of(relation);
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }
        return [.. names];
    }
}
