using System.Collections.Frozen;
using HtapRouter.PgQuery.Tree;

namespace HtapRouter.Router.Routing;

/// <summary>
/// Decides whether a function call makes a statement a write: the calls that must run where the session's writes
/// run, whatever the lists say; then write_function_list; then volatility, unless read_only_function_list
/// exempts the function.
/// </summary>
/// <remarks>
/// pgpool uses the lists instead of volatility when either is set (and then calls every function outside
/// read_only_function_list a write); here, as issue #5 asks, they refine the volatility check. A list entry matches a
/// call by the name as written (<c>schema.name</c> or <c>name</c>), by the bare name of a qualified call, and by
/// <c>pg_catalog.name</c> or <c>public.name</c> for an unqualified one, where pgpool needs both spellings listed.
/// </remarks>
internal sealed class WriteFunctions
{
    /// <summary>
    /// Sequence functions and advisory locks: volatile anyway, but listed so that they stay writes when the catalog
    /// is not loaded or a pattern in read_only_function_list happens to match them. currval and lastval read
    /// session state that only the primary's connection has.
    /// </summary>
    private static readonly FrozenSet<string> AlwaysWrite = FrozenSet.ToFrozenSet(
    [
        "nextval", "setval", "currval", "lastval",
        "pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared",
        "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_try_advisory_xact_lock",
        "pg_try_advisory_xact_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_shared", "pg_advisory_unlock_all",
    ], StringComparer.Ordinal);

    private readonly PgpoolPatternList _readOnly;
    private readonly PgpoolPatternList _write;
    private readonly IFunctionVolatility _volatility;

    public WriteFunctions(PgpoolPatternList readOnly, PgpoolPatternList write, IFunctionVolatility volatility)
    {
        _readOnly = readOnly;
        _write = write;
        _volatility = volatility;
    }

    public bool Writes(PgFunctionName function) =>
        (function.Schema is null or "pg_catalog" && AlwaysWrite.Contains(function.Name))
        || Matches(_write, function)
        || (_volatility.IsVolatile(function) && !Matches(_readOnly, function));

    private static bool Matches(PgpoolPatternList list, PgFunctionName function)
    {
        if (list.IsEmpty)
        {
            return false;
        }
        return function.Schema is { } schema
            ? list.IsMatch($"{schema}.{function.Name}") || list.IsMatch(function.Name)
            : list.IsMatch(function.Name) || list.IsMatch($"pg_catalog.{function.Name}") || list.IsMatch($"public.{function.Name}");
    }
}
