using HtapRouter.AnalyticNode.Engine;
using HtapRouter.AnalyticNode.Sql;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Server;
using Microsoft.Extensions.Logging;

namespace HtapRouter.AnalyticNode.Sessions;

/// <summary>
/// One client session on the analytic node: the simple and extended query protocols, transaction status,
/// settings, prepared statements and portals, on its own DuckDB connection. Errors in a statement are that
/// statement's; a protocol violation ends only this session.
/// </summary>
internal sealed partial class NodeSession : IDisposable
{
    private readonly PgServerConnection _connection;
    private readonly DuckDbSession _duck;
    private readonly IStatementPlanner _planner;
    private readonly ILogger _logger;
    private readonly FrontendMessages _messages = new();
    private readonly DataRowBuilder _rows = new();
    private readonly Dictionary<string, PreparedEntry> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Portal> _portals = new(StringComparer.Ordinal);
    private TransactionStatus _status = TransactionStatus.Idle;
    private bool _duckTransactionOpen;
    private bool _skipUntilSync;
    private bool _extendedBatch;
    private volatile CancelReason _cancelReason;

    public NodeSession(PgServerConnection connection, DuckDbSession duck, IStatementPlanner planner, SessionSettings settings, ILogger logger)
    {
        _connection = connection;
        _duck = duck;
        _planner = planner;
        Settings = settings;
        _logger = logger;
    }

    public SessionSettings Settings { get; }

    private PgWire.Transport.PgTransport Transport => _connection.Transport;

    /// <summary>Called from another connection's CancelRequest: interrupts the statement running now, if any.</summary>
    public void Cancel() => Interrupt(CancelReason.User);

    /// <summary>
    /// The node's shutdown ran out of time: interrupts the statement running now, which then ends the session
    /// (as an <see cref="OperationCanceledException"/>, which the caller reports as 57P01), not just the statement.
    /// </summary>
    public void Terminate() => Interrupt(CancelReason.Shutdown);

    /// <summary>Like PostgreSQL, a cancel that arrives between statements is dropped, not kept for the next one.</summary>
    private void Interrupt(CancelReason reason)
    {
        if (_running)
        {
            _cancelReason = reason;
            _duck.Interrupt();
        }
    }

    /// <summary>Serves the client's messages until it terminates or leaves.</summary>
    /// <param name="waitUntil">
    /// Ends the wait for the client's next message (the node is shutting down): a statement that is running, and
    /// messages the client has already sent, are still handled.
    /// </param>
    /// <param name="cancellationToken">Ends everything, a running statement too.</param>
    public async Task RunAsync(CancellationToken waitUntil, CancellationToken cancellationToken)
    {
        while (await Transport.ReadAsync(waitUntil) is { } message)
        {
            try
            {
                if (!await DispatchAsync(message, cancellationToken))
                {
                    return;
                }
            }
            catch (PgErrorException e)
            {
                await ReportErrorAsync(e.Error, cancellationToken);
            }
        }
    }

    /// <summary>Handles one message; false ends the session (Terminate).</summary>
    private async ValueTask<bool> DispatchAsync(PgMessage message, CancellationToken cancellationToken)
    {
        if (_skipUntilSync && message.Code is not (FrontendCode.Sync or FrontendCode.Terminate))
        {
            return true; // after an error in an extended-protocol batch, everything up to Sync is discarded
        }

        _extendedBatch = message.Code is FrontendCode.Parse or FrontendCode.Bind or FrontendCode.Describe
            or FrontendCode.Execute or FrontendCode.Close;
        switch (message.Code)
        {
            case FrontendCode.Query:
                _messages.Query.Read(message.Payload);
                await SimpleQueryAsync(_messages.Query.Sql, cancellationToken);
                return true;
            case FrontendCode.Parse:
                _messages.Parse.Read(message.Payload);
                HandleParse(_messages.Parse);
                return true;
            case FrontendCode.Bind:
                _messages.Bind.Read(message.Payload);
                HandleBind(_messages.Bind);
                return true;
            case FrontendCode.Describe:
                _messages.Describe.Read(message.Payload);
                HandleDescribe(_messages.Describe);
                return true;
            case FrontendCode.Execute:
                _messages.Execute.Read(message.Payload);
                await HandleExecuteAsync(_messages.Execute, cancellationToken);
                return true;
            case FrontendCode.Close:
                _messages.Close.Read(message.Payload);
                HandleClose(_messages.Close);
                return true;
            case FrontendCode.Sync:
                await HandleSyncAsync(cancellationToken);
                return true;
            case FrontendCode.Flush:
                await Transport.FlushAsync(cancellationToken);
                return true;
            case FrontendCode.Terminate:
                return false;
            case FrontendCode.CopyData or FrontendCode.CopyDone or FrontendCode.CopyFail:
                return true; // PostgreSQL ignores stray COPY messages outside COPY FROM STDIN
            case FrontendCode.FunctionCall:
                throw new PgErrorException(SqlState.FeatureNotSupported, "the fast-path function call interface is not supported");
            default:
                throw new PgProtocolException($"invalid frontend message type {message.Code}");
        }
    }

    /// <summary>Sends an ErrorResponse; an error inside a transaction block fails it, as in PostgreSQL.</summary>
    private async ValueTask ReportErrorAsync(PgError error, CancellationToken cancellationToken)
    {
        ErrorResponseMessage.Write(Transport.Output, error);
        if (_status == TransactionStatus.InTransaction)
        {
            _status = TransactionStatus.Failed;
        }

        if (_extendedBatch)
        {
            _skipUntilSync = true;
        }

        await Transport.FlushAsync(cancellationToken);
    }

    private async ValueTask SendReadyForQueryAsync(CancellationToken cancellationToken)
    {
        ReadyForQueryMessage.Write(Transport.Output, _status);
        await Transport.FlushAsync(cancellationToken);
    }

    /// <summary>Sends ParameterStatus for reported settings that a command changed.</summary>
    private void ReportChangedSettings()
    {
        foreach (var (name, value) in Settings.TakeChangedReported())
        {
            ParameterStatusMessage.Write(Transport.Output, name, value);
        }
    }

    /// <summary>
    /// Plans <paramref name="sql"/>. A failure the planner did not expect (a defect in a rewrite, not the client's
    /// error) is logged with its stack and is this statement's 0A000: the node cannot run it, as for a DuckDB feature
    /// gap, so the router sends it to the primary. Not XX000: Npgsql closes the connection on an internal error, and
    /// the session is to go on, with no other session touched.
    /// </summary>
    private T Plan<T>(string sql, Func<IStatementPlanner, string, SessionSettings, T> plan)
    {
        try
        {
            return plan(_planner, sql, Settings);
        }
        catch (Exception e) when (e is not (PgErrorException or OperationCanceledException))
        {
            LogPlanningFailed(e, sql.Length > MaxLoggedSql ? sql[..MaxLoggedSql] + "..." : sql);
            throw new PgErrorException(SqlState.FeatureNotSupported, $"the analytic node cannot run this statement (internal error: {e.Message})");
        }
    }

    private const int MaxLoggedSql = 1000;

    [LoggerMessage(EventId = NodeEventIds.PlanningFailed, Level = LogLevel.Error, Message = "Could not plan a statement: {Sql}")]
    private partial void LogPlanningFailed(Exception exception, string sql);

    private void SendNotice(string message, string sqlState = SqlState.Warning) =>
        ErrorResponseMessage.Write(Transport.Output, new PgError(PgSeverity.Warning, sqlState, message), notice: true);

    public void Dispose()
    {
        foreach (var portal in _portals.Values)
        {
            portal.Dispose();
        }

        foreach (var prepared in _prepared.Values)
        {
            prepared.Dispose();
        }

        _duck.Dispose();
    }

    private enum CancelReason
    {
        None,
        User,
        StatementTimeout,
        Shutdown,
    }
}
