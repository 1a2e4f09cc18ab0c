using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Errors;
using HtapRouter.AnalyticNode.Engine.Native;
using HtapRouter.AnalyticNode.Engine.Parameters;
using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine;

/// <summary>
/// One prepared statement of a session, described without running it: its parameter types, its result
/// columns with PostgreSQL types, and its kind. Executing it closes any other open result of the session.
/// Use it on the session's thread only.
/// </summary>
public sealed partial class DuckDbStatement : IDisposable
{
    private readonly DuckDbSession _session;
    private readonly DuckDBPreparedStatement _prepared;
    private readonly int _positionOffset;
    private readonly IReadOnlyList<CharColumn?> _charColumns;

    internal DuckDbStatement(DuckDbSession session, string sql, DuckDBPreparedStatement prepared, StatementShape shape, IReadOnlyList<CharColumn?> charColumns)
    {
        _charColumns = charColumns;
        _session = session;
        Sql = sql;
        _prepared = prepared;
        _positionOffset = shape.PositionOffset;
        Kind = shape.Kind;
        CommandKeyword = Engine.CommandKeyword.Of(sql);
        ParameterTypes = shape.ParameterTypes;
        Columns = shape.Columns;
    }

    /// <summary>The SQL as the client sent it.</summary>
    public string Sql { get; }

    public DuckDbStatementKind Kind { get; }

    /// <summary>PostgreSQL type OIDs of $1..$n as DuckDB inferred them; text (25) where it could not.</summary>
    public IReadOnlyList<uint> ParameterTypes { get; }

    /// <summary>The result columns, format 0; empty when the statement returns no rows.</summary>
    public IReadOnlyList<PgFieldDescription> Columns { get; }

    public bool ReturnsRows => Columns.Count > 0;

    internal string CommandKeyword { get; }

    /// <summary>
    /// Binds <paramref name="parameters"/> and starts the statement; rows are pulled as the stream is written.
    /// <paramref name="declaredParameterTypes"/> are the Parse message's types (0 = unspecified), which take
    /// precedence over DuckDB's inference when reading parameter values. <paramref name="settings"/> gives the
    /// TimeZone for timestamptz parameters without an offset. Throws <see cref="PgErrorException"/>.
    /// </summary>
    public DuckDbResultCursor Execute(
        IReadOnlyList<PgValue> parameters,
        Func<int, short> parameterFormat,
        IReadOnlyList<uint>? declaredParameterTypes,
        PgFormatSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(parameterFormat);
        _session.BeginExecution();
        ParameterBinder.Bind(_prepared, ParameterTypes, parameters, parameterFormat, declaredParameterTypes, settings ?? PgFormatSettings.Default);
        if (NativeMethods.PreparedStatements.DuckDBExecutePreparedStreaming(_prepared, out var result) != DuckDBState.Success)
        {
            var error = DuckDbErrorMapper.ToException(
                NativeMethods.Query.DuckDBResultError(ref result), NativeMethods.Query.DuckDBResultErrorType(ref result), Sql, _positionOffset);
            NativeMethods.Query.DuckDBDestroyResult(ref result);
            throw error;
        }

        return _session.Track(CreateStream(result));
    }

    public void Dispose() => _prepared.Dispose();

    private DuckDbResultCursor CreateStream(DuckDBResult result)
    {
        if (!ReturnsRows)
        {
            return new DuckDbResultCursor(_session, result, this, [], []);
        }

        try
        {
            var (columns, encoders) = ResultColumns.Describe(ref result, Columns, _charColumns);
            return new DuckDbResultCursor(_session, result, this, columns, encoders);
        }
        catch
        {
            NativeMethods.Query.DuckDBDestroyResult(ref result);
            throw;
        }
    }
}
