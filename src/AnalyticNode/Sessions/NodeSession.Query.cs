using HtapRouter.AnalyticNode.Engine;
using HtapRouter.AnalyticNode.Sql;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.AnalyticNode.Sessions;

internal sealed partial class NodeSession
{
    private static readonly Func<int, short> AllText = static _ => 0;

    /// <summary>Flush when this much is buffered, so a large result streams instead of piling up in memory.</summary>
    private const int FlushThreshold = 64 * 1024;

    private volatile bool _running;
    private string? _duckTimeZone;

    /// <summary>
    /// DuckDB evaluates now(), casts and date parts in its own TimeZone setting: keep it the session's before
    /// a statement is prepared. Only between statements, since it would close an open cursor.
    /// </summary>
    private void SyncDuckTimeZone()
    {
        var zone = Settings.Get("TimeZone")!;
        if (zone != _duckTimeZone)
        {
            _duck.ExecuteNonQuery($"SET TimeZone = '{TimeZoneValues.DuckDbName(zone).Replace("'", "''", StringComparison.Ordinal)}'");
            _duckTimeZone = zone;
        }
    }

    /// <summary>
    /// Runs a query on DuckDB and streams its rows as DuckDB produces them, flushing as the output fills so the
    /// client's pace holds DuckDB back. Returns false when a portal stops at its row limit.
    /// </summary>
    private async ValueTask<bool> RunQueryAsync(QueryStatement query, Portal? portal, int maxRows, CancellationToken cancellationToken)
    {
        if (portal is { Completed: true })
        {
            CommandCompleteMessage.Write(Transport.Output, $"{query.Tag} 0");
            return true;
        }

        DuckDbStatement? ownStatement = null;
        DuckDbResultCursor? stream = portal?.Stream;
        using var timeout = StartStatement();
        try
        {
            if (stream is null)
            {
                if (portal is null)
                {
                    SyncDuckTimeZone();
                    ownStatement = _duck.Prepare(query.Sql, query.CharColumns);
                    WriteRowDescription(ownStatement.Columns, AllText);
                    stream = ownStatement.Execute([], AllText, null, Settings.Format);
                }
                else
                {
                    stream = portal.Source.Duck!.Execute(portal.Parameters, portal.ParameterFormat, portal.Source.ParameterTypes, Settings.Format);
                    portal.Stream = stream;
                }
            }

            var formats = portal is null ? AllText : portal.ResultFormat;
            var sent = 0;
            while (!stream.IsExhausted)
            {
                var limit = maxRows == 0 ? 0 : maxRows - sent;
                sent += stream.WriteRows(_rows, Transport.Output, limit, formats, Settings.Format);
                if (Transport.Output.UnflushedBytes >= FlushThreshold)
                {
                    await Transport.FlushAsync(cancellationToken);
                }

                if (maxRows > 0 && sent >= maxRows && !stream.IsExhausted)
                {
                    return false;
                }
            }

            // A resumed portal's tag counts the rows of this Execute only, as PostgreSQL's does.
            CommandCompleteMessage.Write(Transport.Output, portal is not null && query.Tag == "SELECT" ? $"SELECT {sent}" : stream.CommandTag);
            if (portal is not null)
            {
                portal.Completed = true;
                portal.Dispose();
            }

            return true;
        }
        catch (PgErrorException e) when (e.Error.SqlState == SqlState.QueryCanceled && _cancelReason == CancelReason.StatementTimeout)
        {
            throw new PgErrorException(PgError.Error(SqlState.QueryCanceled, "canceling statement due to statement timeout"), e);
        }
        catch (PgErrorException e) when (e.Error.SqlState == SqlState.QueryCanceled && _cancelReason == CancelReason.Shutdown)
        {
            throw new OperationCanceledException("the node is shutting down", e);
        }
        finally
        {
            _running = false;
            if (ownStatement is not null)
            {
                stream?.Dispose();
                ownStatement.Dispose();
            }
        }
    }

    /// <summary>Marks a statement as running and arms statement_timeout; dispose to disarm.</summary>
    private Timer? StartStatement()
    {
        _cancelReason = CancelReason.None;
        _running = true;
        var milliseconds = Settings.StatementTimeoutMilliseconds;
        return milliseconds > 0
            ? new Timer(static state => ((NodeSession)state!).Interrupt(CancelReason.StatementTimeout), this,
                TimeSpan.FromMilliseconds(milliseconds), Timeout.InfiniteTimeSpan)
            : null;
    }
}
