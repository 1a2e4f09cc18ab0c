using HtapRouter.PgQuery.Tree;

namespace HtapRouter.Router.Routing;

/// <summary>Which functions may have side effects, as the primary's pg_proc says.</summary>
public interface IFunctionVolatility
{
    /// <summary>Changes whenever the answers may change, so that whoever caches them knows to drop them.</summary>
    long Version { get; }

    /// <summary>
    /// Whether calling <paramref name="function"/> may have side effects: it is volatile (provolatile 'v'). An
    /// unqualified name counts as volatile when a function of that name is volatile in any schema, as with pgpool.
    /// </summary>
    bool IsVolatile(PgFunctionName function);
}
