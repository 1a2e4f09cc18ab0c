using System.Collections.Frozen;
using HtapRouter.PgQuery.Tree;

namespace HtapRouter.Router.Routing;

/// <summary>
/// The primary's volatile functions, loaded from pg_proc by <see cref="RefreshAsync"/> and swapped in whole, so
/// readers on any thread see one complete list. Until the first load every function counts as volatile: a read
/// with a function call then goes to the primary rather than risk running a write on a standby.
/// </summary>
public sealed class FunctionVolatilityCatalog : IFunctionVolatility
{
    /// <summary>Every volatile function's schema and name; overloads collapse, as calls are matched by name.</summary>
    public const string Sql =
        "SELECT DISTINCT n.nspname, p.proname FROM pg_catalog.pg_proc p "
        + "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.provolatile = 'v'";

    private Snapshot? _snapshot;
    private long _loads;

    public bool IsLoaded => Volatile.Read(ref _snapshot) is not null;

    /// <summary>How many volatile functions (schema and name) the last load found.</summary>
    public int Count => Volatile.Read(ref _snapshot)?.Qualified.Count ?? 0;

    public long Version => Volatile.Read(ref _snapshot)?.Version ?? 0;

    /// <summary>Loads the list through <paramref name="query"/> (<see cref="Sql"/> on the primary) and swaps it in.</summary>
    /// <exception cref="InvalidDataException">The rows are not (schema, name) pairs.</exception>
    public async Task RefreshAsync(CatalogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await query(Sql, cancellationToken).ConfigureAwait(false);
        var qualified = new HashSet<(string Schema, string Name)>();
        foreach (var row in rows)
        {
            if (row is not [{ } schema, { } name])
            {
                throw new InvalidDataException($"The volatile-function query returned a row of {row.Length} columns or with NULLs; expected nspname and proname.");
            }
            qualified.Add((schema, name));
        }
        var snapshot = new Snapshot(
            qualified.ToFrozenSet(),
            qualified.Select(function => function.Name).ToFrozenSet(StringComparer.Ordinal),
            Interlocked.Increment(ref _loads));
        Volatile.Write(ref _snapshot, snapshot);
    }

    public bool IsVolatile(PgFunctionName function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null)
        {
            return true;
        }
        return function.Schema is { } schema
            ? snapshot.Qualified.Contains((schema, function.Name))
            : snapshot.Names.Contains(function.Name);
    }

    private sealed record Snapshot(FrozenSet<(string Schema, string Name)> Qualified, FrozenSet<string> Names, long Version);
}
