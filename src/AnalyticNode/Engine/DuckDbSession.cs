using DuckDB.NET.Data;
using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Errors;
using HtapRouter.AnalyticNode.Engine.Types;

namespace HtapRouter.AnalyticNode.Engine;

/// <summary>
/// One DuckDB connection, used by one client session at a time. DuckDB runs one query per connection:
/// preparing or executing a statement closes the result stream left open by the previous one.
/// Only <see cref="Interrupt"/> may be called from another thread.
/// </summary>
public sealed class DuckDbSession : IDisposable
{
    private readonly DuckDBConnection _owner;
    private readonly DuckDBNativeConnection _connection;
    private DuckDbResultCursor? _openStream;

    internal DuckDbSession(DuckDBConnection connection)
    {
        _owner = connection;
        _connection = connection.NativeConnection;

        // Errors as JSON carry the exception type, a position and the missing object's name apart from the text.
        ExecuteNonQuery("SET errors_as_json = true");

        // PostgreSQL divides integers by integers as integers (7 / 2 = 3); DuckDB's / would give a double.
        ExecuteNonQuery("SET integer_division = true");
    }

    /// <summary>
    /// Prepares one statement and describes it; <paramref name="charColumns"/> marks result columns the planner knows
    /// are character(n) (by position; null or missing where not). Throws <see cref="HtapRouter.PgWire.Protocol.PgErrorException"/>.
    /// </summary>
    internal DuckDbStatement Prepare(string sql, IReadOnlyList<CharColumn?>? charColumns = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        BeginExecution();
        charColumns ??= [];
        var (prepared, shape) = StatementPreparer.Prepare(_connection, sql, charColumns);
        return new DuckDbStatement(this, sql, prepared, shape, charColumns);
    }

    /// <summary>Runs SQL for the node itself (settings, replication), discarding any rows.</summary>
    public void ExecuteNonQuery(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        BeginExecution();
        var state = NativeMethods.Query.DuckDBQuery(_connection, sql, out var result);
        try
        {
            if (state != DuckDBState.Success)
            {
                throw DuckDbErrorMapper.ToException(
                    NativeMethods.Query.DuckDBResultError(ref result), NativeMethods.Query.DuckDBResultErrorType(ref result), sql);
            }
        }
        finally
        {
            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
    }

    /// <summary>
    /// Cancels the query running on this session, from any thread: it fails with 57014. DuckDB clears the
    /// request when the next query starts, so an interrupt that arrives between queries is lost, not carried over.
    /// </summary>
    public void Interrupt()
    {
        try
        {
            NativeMethods.Startup.DuckDBInterrupt(_connection);
        }
        catch (ObjectDisposedException)
        {
            // The session closed meanwhile; nothing is running to cancel.
        }
    }

    public void Dispose()
    {
        BeginExecution();
        _owner.Dispose();
    }

    internal void BeginExecution()
    {
        var open = _openStream;
        _openStream = null;
        open?.CloseForOtherQuery();
    }

    internal DuckDbResultCursor Track(DuckDbResultCursor stream)
    {
        if (!stream.IsExhausted)
        {
            _openStream = stream;
        }

        return stream;
    }

    internal void OnStreamClosed(DuckDbResultCursor stream)
    {
        if (ReferenceEquals(_openStream, stream))
        {
            _openStream = null;
        }
    }
}
