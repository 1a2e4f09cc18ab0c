using System.Buffers;
using HtapRouter.PgQuery;
using HtapRouter.PgQuery.Tree;
using HtapRouter.Router.Configuration;

namespace HtapRouter.Router.Routing;

/// <summary>
/// Classifies the text of a simple Query message or of a Parse message for routing, on PostgreSQL's own grammar:
/// what it is (<see cref="QueryKind"/>), where it must run (<see cref="QueryTarget"/>) and what the session must
/// know about it (relations read and written, temporary tables, transaction and session commands). Thread-safe; one
/// instance serves every session.
/// </summary>
/// <remarks>
/// <para>
/// Classes of texts up to <see cref="ClassificationCache.MaxTextLength"/> characters are cached, so a repeated text
/// costs a dictionary lookup (about 10 ns) instead of a parse and classification (about 15 µs for a pgbench SELECT).
/// A cached class that consulted the catalogs is decided again when a catalog's <c>Version</c> has changed since.
/// What depends on the session, its temporary tables, is applied to the cached class on every call.
/// </para>
/// <para>
/// A single SELECT, INSERT, UPDATE or DELETE is cached under its <see cref="QueryShape"/>, the text with constants
/// blanked out, since no constant decides where such a statement runs: clients that inline values (pgbench -M simple,
/// most ORMs' literal mode) then pay one parse per statement shape rather than one per statement.
/// </para>
/// <para>
/// Until the primary's catalogs are loaded, every function counts as volatile (reads calling functions go to the
/// primary) and every relation as permanent (a read of an unlogged table then fails on the standby, and the
/// session's fallback retries it on the primary).
/// </para>
/// </remarks>
public sealed partial class QueryClassifier
{
    private const int CacheCapacity = 4096;

    private readonly IFunctionVolatility _functions;
    private readonly IRelationPersistence _relations;
    private readonly WriteFunctions _writeFunctions;
    private readonly PgpoolPatternList _primaryRoutingPatterns;
    private readonly bool _allowSqlComments;
    private readonly ClassificationCache _cache = new(CacheCapacity);

    /// <param name="options">
    /// The settings that bear on classification: read_only_function_list, write_function_list,
    /// primary_routing_query_pattern_list and allow_sql_comments.
    /// </param>
    /// <param name="functions">The primary's volatile functions.</param>
    /// <param name="relations">The primary's relations, for unlogged and temporary ones.</param>
    /// <exception cref="ArgumentException">A pattern list holds an invalid regular expression; the message names it.</exception>
    public QueryClassifier(RouterOptions options, IFunctionVolatility functions, IRelationPersistence relations)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(relations);
        _functions = functions;
        _relations = relations;
        _writeFunctions = new WriteFunctions(
            new PgpoolPatternList(options.ReadOnlyFunctionList, "read_only_function_list"),
            new PgpoolPatternList(options.WriteFunctionList, "write_function_list"),
            functions);
        _primaryRoutingPatterns = new PgpoolPatternList(options.PrimaryRoutingQueryPatternList, "primary_routing_query_pattern_list");
        _allowSqlComments = options.AllowSqlComments;
    }

    /// <summary>Classifies a query string.</summary>
    /// <param name="sql">The text of a Query or Parse message (which cannot hold a NUL character).</param>
    /// <param name="temporaryTables">The session's temporary tables: a read of one goes to the primary.</param>
    public QueryClass Classify(string sql, TemporaryTableSet? temporaryTables = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        // Read before classifying: a catalog reloaded meanwhile leaves the entry stamped stale, not fresh.
        var functionsVersion = _functions.Version;
        var relationsVersion = _relations.Version;

        if (_cache.TryGet(sql, out var entry) && IsCurrent(entry, functionsVersion, relationsVersion))
        {
            return ForSession(entry.Class, temporaryTables);
        }

        // Texts that differ only in constants share a shape, and a shape's class when no constant can change it.
        // The patterns of primary_routing_query_pattern_list see constants, so with patterns there are no shapes.
        char[]? rented = null;
        try
        {
            var shape = ReadOnlySpan<char>.Empty;
            if (_primaryRoutingPatterns.IsEmpty && sql.Length <= ClassificationCache.MaxTextLength)
            {
                rented = ArrayPool<char>.Shared.Rent(sql.Length);
                var length = QueryShape.Write(sql, rented, out var marks);
                if (length >= 0 && marks > 0)
                {
                    shape = rented.AsSpan(0, length);
                    if (_cache.TryGet(shape, out entry) && IsCurrent(entry, functionsVersion, relationsVersion))
                    {
                        return ForSession(entry.Class, temporaryTables);
                    }
                }
            }

            var usedCatalogs = false;
            var query = ClassifyText(sql, ref usedCatalogs);
            entry = new ClassificationCache.Entry(query, usedCatalogs, functionsVersion, relationsVersion);
            _cache.Add(!shape.IsEmpty && IsConstantFree(query) ? new string(shape) : sql, entry);
            return ForSession(query, temporaryTables);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static bool IsCurrent(in ClassificationCache.Entry entry, long functionsVersion, long relationsVersion) =>
        !entry.UsedCatalogs || (entry.FunctionsVersion == functionsVersion && entry.RelationsVersion == relationsVersion);

    private static QueryClass ForSession(QueryClass query, TemporaryTableSet? temporaryTables) =>
        temporaryTables is { Count: > 0 } ? ApplyTemporaryTables(query, temporaryTables) : query;

    /// <summary>
    /// Whether no constant in the statement had a part in its class, so that it holds for every text of its shape:
    /// true of a single SELECT, INSERT, UPDATE or DELETE, whose class comes from relations, functions, clauses and
    /// comments; not of utility statements, whose constants are settings (SET, BEGIN ... ISOLATION LEVEL), nor of
    /// texts that did not parse.
    /// </summary>
    private static bool IsConstantFree(QueryClass query) =>
        query.Kind is QueryKind.Read or QueryKind.Write
        && query.StatementKind is PgStatementKind.Select or PgStatementKind.Insert or PgStatementKind.Update or PgStatementKind.Delete;

    private static QueryClass ApplyTemporaryTables(QueryClass query, TemporaryTableSet temporaryTables)
    {
        if (query is not { Kind: QueryKind.Read, Target: QueryTarget.LoadBalance })
        {
            return query;
        }
        foreach (var relation in query.ReadRelations)
        {
            if (temporaryTables.Contains(relation))
            {
                return query with { Target = QueryTarget.Primary, Reason = PrimaryReason.TemporaryTable };
            }
        }
        return query;
    }

    private QueryClass ClassifyText(string sql, ref bool usedCatalogs)
    {
        if (AdminCommands.ParsePgpool(sql) is { } admin)
        {
            return AdminClass(admin);
        }
        if (!PgParser.TryParse(sql, out var parsed, out var error))
        {
            return new QueryClass
            {
                Kind = QueryKind.Unparsed,
                Target = QueryTarget.Primary,
                Reason = PrimaryReason.SyntaxError,
                SyntaxError = error,
            };
        }
        var statements = parsed.Statements;
        if (statements.Count == 0)
        {
            return QueryClass.Empty;
        }
        if (statements.Count == 1)
        {
            return ClassifyStatement(statements[0].Node, statements[0].Kind, sql, ref usedCatalogs);
        }

        var parts = new QueryClass[statements.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            // Comments and patterns only decide whether a read is balanced; a multi-statement string never is.
            parts[i] = ClassifyStatement(statements[i].Node, statements[i].Kind, text: null, ref usedCatalogs);
        }
        return new QueryClass
        {
            Kind = QueryKind.MultiStatement,
            Target = QueryTarget.Primary,
            Reason = PrimaryReason.MultiStatement,
            IsWrite = parts.Any(part => part.IsWrite),
            Statements = parts,
            ReadRelations = Distinct(parts.SelectMany(part => part.ReadRelations)),
            ReadsSystemCatalog = parts.Any(part => part.ReadsSystemCatalog),
            WrittenTables = Distinct(parts.SelectMany(part => part.WrittenTables)),
            CreatedTemporaryTables = [.. parts.SelectMany(part => part.CreatedTemporaryTables).Distinct(StringComparer.Ordinal)],
            DroppedRelations = Distinct(parts.SelectMany(part => part.DroppedRelations)),
        };
    }

    /// <summary>
    /// Classifies one statement; <paramref name="text"/> is the whole query string when it is this one statement, for
    /// the comment and pattern rules, and <paramref name="usedCatalogs"/> is set when a catalog was consulted.
    /// </summary>
    private QueryClass ClassifyStatement(global::PgQuery.Node node, PgStatementKind kind, string? text, ref bool usedCatalogs) =>
        kind switch
        {
            PgStatementKind.Select => ClassifySelect(node, text, ref usedCatalogs),
            PgStatementKind.Explain => ClassifyExplain(node.ExplainStmt, text, ref usedCatalogs),
            PgStatementKind.ExplainAnalyze => ClassifyExplainAnalyze(node.ExplainStmt, ref usedCatalogs),
            PgStatementKind.Show => ClassifyShow(node.VariableShowStmt, text),
            PgStatementKind.Begin or PgStatementKind.Commit or PgStatementKind.Rollback or PgStatementKind.Savepoint
                or PgStatementKind.ReleaseSavepoint or PgStatementKind.RollbackToSavepoint or PgStatementKind.PrepareTransaction
                or PgStatementKind.CommitPrepared or PgStatementKind.RollbackPrepared => ClassifyTransaction(node.TransactionStmt, kind),
            PgStatementKind.Set => ClassifySet(node.VariableSetStmt),
            PgStatementKind.Discard => ClassifyDiscard(node.DiscardStmt),
            PgStatementKind.Prepare => SessionClass(
                kind, new SessionCommand(SessionCommandKind.Prepare, node.PrepareStmt.Name, null, false, TransactionModes.None), QueryTarget.Primary),
            PgStatementKind.Deallocate => ClassifyDeallocate(node.DeallocateStmt),
            PgStatementKind.Listen => SessionClass(
                kind, new SessionCommand(SessionCommandKind.Listen, node.ListenStmt.Conditionname, null, false, TransactionModes.None), QueryTarget.Primary),
            PgStatementKind.Unlisten => SessionClass(
                kind, new SessionCommand(SessionCommandKind.Unlisten, NullIfEmpty(node.UnlistenStmt.Conditionname), null, false, TransactionModes.None), QueryTarget.Primary),
            PgStatementKind.Execute => WriteClass(node, kind, PrimaryReason.PrimaryOnlyCommand),
            _ => WriteClass(node, kind, PrimaryReason.NotARead),
        };

    private static QueryClass AdminClass(AdminCommand admin) =>
        new() { Kind = QueryKind.Admin, Target = QueryTarget.Router, Admin = admin };

    private static RelationName[] Distinct(IEnumerable<RelationName> relations) => [.. relations.Distinct()];

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
