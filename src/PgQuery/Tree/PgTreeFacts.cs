using Google.Protobuf;
using PgQuery;
using Case = PgQuery.Node.NodeOneofCase;

namespace HtapRouter.PgQuery.Tree;

/// <summary>
/// Facts about a statement's tree that routing needs, without judging them: which relations it names and which
/// functions it calls, wherever they appear (subqueries, CTEs, joins, LATERAL, expressions).
/// </summary>
public static partial class PgTreeFacts
{
    /// <summary>The names of all functions called below <paramref name="root"/>, in walk order, with repeats.</summary>
    public static IReadOnlyList<PgFunctionName> GetFunctionNames(IMessage root)
    {
        var names = new List<PgFunctionName>();
        foreach (var call in PgNodeWalker.DescendantsAndSelf(root).OfType<FuncCall>())
        {
            names.Add(ToFunctionName(call));
        }
        return names;
    }

    /// <summary>The function name a call names, e.g. <c>pg_catalog.now</c>.</summary>
    public static PgFunctionName ToFunctionName(FuncCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var parts = call.Funcname.Select(part => part.String?.Sval ?? string.Empty).ToArray();
        return parts.Length switch
        {
            1 => new PgFunctionName(null, null, parts[0]),
            2 => new PgFunctionName(null, parts[0], parts[1]),
            _ => new PgFunctionName(parts[^3], parts[^2], parts[^1]),
        };
    }

    /// <summary>
    /// Whether a WITH query below <paramref name="root"/> is an INSERT, UPDATE, DELETE or MERGE (which runs even
    /// when the outer statement is a SELECT).
    /// </summary>
    public static bool HasDataModifyingCte(IMessage root) =>
        PgNodeWalker.DescendantsAndSelf(root).OfType<CommonTableExpr>().Any(cte => cte.Ctequery?.NodeCase
            is Case.InsertStmt or Case.UpdateStmt or Case.DeleteStmt or Case.MergeStmt);

    /// <summary>The row-locking clauses (FOR UPDATE, FOR SHARE …) anywhere below <paramref name="root"/>.</summary>
    public static IReadOnlyList<LockingClause> GetLockingClauses(IMessage root) =>
        [.. PgNodeWalker.DescendantsAndSelf(root).OfType<LockingClause>()];
}
