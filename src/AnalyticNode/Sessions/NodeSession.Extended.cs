using HtapRouter.AnalyticNode.Sql;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.AnalyticNode.Sessions;

internal sealed partial class NodeSession
{
    private void HandleParse(ParseMessage parse)
    {
        if (parse.StatementName.Length > 0 && _prepared.ContainsKey(parse.StatementName))
        {
            throw new PgErrorException(SqlState.DuplicatePreparedStatement,
                $"prepared statement \"{parse.StatementName}\" already exists");
        }

        var statement = Plan(parse.Sql, static (planner, sql, settings) => planner.PlanPrepared(sql, settings));
        if (statement is RejectedStatement rejected)
        {
            throw new PgErrorException(rejected.Error); // a write fails at once, not after its parameters are bound
        }
        if (_status == TransactionStatus.Failed && !EndsFailedTransaction(statement))
        {
            throw new PgErrorException(SqlState.InFailedSqlTransaction,
                "current transaction is aborted, commands ignored until end of transaction block");
        }

        var entry = Prepare(statement, parse.ParameterTypes);
        if (parse.StatementName.Length == 0)
        {
            DropStatement(string.Empty);
        }

        _prepared[parse.StatementName] = entry;
        EmptyMessage.Write(Transport.Output, BackendCode.ParseComplete);
    }

    private PreparedEntry Prepare(NodeStatement statement, List<uint> declaredTypes)
    {
        switch (statement)
        {
            case QueryStatement query:
                SyncDuckTimeZone();
                var duck = _duck.Prepare(query.Sql, query.CharColumns);
                try
                {
                    var types = new uint[duck.ParameterTypes.Count];
                    for (var i = 0; i < types.Length; i++)
                    {
                        types[i] = i < declaredTypes.Count && declaredTypes[i] != 0 ? declaredTypes[i] : duck.ParameterTypes[i];
                    }

                    return new PreparedEntry(statement, duck, types, duck.Columns);
                }
                catch
                {
                    duck.Dispose();
                    throw;
                }

            case ShowStatement show:
                return new PreparedEntry(statement, null, [], ShowColumns(show));
            default:
                return new PreparedEntry(statement, null, [], []);
        }
    }

    private void HandleBind(BindMessage bind)
    {
        if (!_prepared.TryGetValue(bind.StatementName, out var entry))
        {
            throw new PgErrorException(SqlState.InvalidSqlStatementName,
                $"prepared statement \"{bind.StatementName}\" does not exist");
        }

        if (bind.PortalName.Length > 0 && _portals.ContainsKey(bind.PortalName))
        {
            throw new PgErrorException(SqlState.DuplicateCursor, $"portal \"{bind.PortalName}\" already exists");
        }

        if (bind.Parameters.Count != entry.ParameterTypes.Count)
        {
            throw new PgErrorException(SqlState.ProtocolViolation,
                $"bind message supplies {bind.Parameters.Count} parameters, but prepared statement \"{bind.StatementName}\" requires {entry.ParameterTypes.Count}");
        }

        if (bind.ResultFormats.Count > 1 && bind.ResultFormats.Count != entry.Columns.Count)
        {
            throw new PgErrorException(SqlState.ProtocolViolation,
                $"bind message has {bind.ResultFormats.Count} result formats but query has {entry.Columns.Count} columns");
        }

        var parameters = new PgValue[bind.Parameters.Count];
        for (var i = 0; i < parameters.Length; i++)
        {
            var value = bind.Parameters[i];
            parameters[i] = value.IsNull ? PgValue.Null : new PgValue(System.Buffers.BuffersExtensions.ToArray(value.Bytes).AsMemory());
        }

        if (bind.PortalName.Length == 0)
        {
            DropPortal(string.Empty);
        }

        _portals[bind.PortalName] = new Portal(entry, parameters, [.. bind.ParameterFormats], [.. bind.ResultFormats]);
        EmptyMessage.Write(Transport.Output, BackendCode.BindComplete);
    }

    private void HandleDescribe(TargetMessage describe)
    {
        if (describe.Kind == PgTargetKind.Statement)
        {
            if (!_prepared.TryGetValue(describe.Name, out var entry))
            {
                throw new PgErrorException(SqlState.InvalidSqlStatementName, $"prepared statement \"{describe.Name}\" does not exist");
            }

            var parameters = new ParameterDescriptionMessage();
            parameters.TypeOids.AddRange(entry.ParameterTypes);
            parameters.Write(Transport.Output);
            WriteRowDescription(entry.Columns, static _ => 0);
            return;
        }

        if (!_portals.TryGetValue(describe.Name, out var portal))
        {
            throw new PgErrorException(SqlState.InvalidCursorName, $"portal \"{describe.Name}\" does not exist");
        }

        WriteRowDescription(portal.Source.Columns, portal.ResultFormat);
    }

    /// <summary>RowDescription with the given formats, or NoData for a statement without rows.</summary>
    private void WriteRowDescription(IReadOnlyList<PgFieldDescription> columns, Func<int, short> format)
    {
        if (columns.Count == 0)
        {
            EmptyMessage.Write(Transport.Output, BackendCode.NoData);
            return;
        }

        var description = new RowDescriptionMessage();
        for (var i = 0; i < columns.Count; i++)
        {
            description.Fields.Add(columns[i] with { Format = format(i) });
        }

        description.Write(Transport.Output);
    }

    private async ValueTask HandleExecuteAsync(ExecuteMessage execute, CancellationToken cancellationToken)
    {
        if (!_portals.TryGetValue(execute.PortalName, out var portal))
        {
            throw new PgErrorException(SqlState.InvalidCursorName, $"portal \"{execute.PortalName}\" does not exist");
        }

        if (!await RunStatementAsync(portal.Source.Statement, portal, execute.MaxRows, cancellationToken))
        {
            EmptyMessage.Write(Transport.Output, BackendCode.PortalSuspended);
        }

        ReportChangedSettings();
    }

    private void HandleClose(TargetMessage close)
    {
        if (close.Kind == PgTargetKind.Statement)
        {
            DropStatement(close.Name);
        }
        else
        {
            DropPortal(close.Name);
        }

        EmptyMessage.Write(Transport.Output, BackendCode.CloseComplete);
    }

    private async ValueTask HandleSyncAsync(CancellationToken cancellationToken)
    {
        _skipUntilSync = false;
        if (_status == TransactionStatus.Idle)
        {
            ClosePortalsAtTransactionEnd();
        }

        await SendReadyForQueryAsync(cancellationToken);
    }

    /// <summary>Portals live as long as their transaction, as in PostgreSQL.</summary>
    private void ClosePortalsAtTransactionEnd()
    {
        foreach (var portal in _portals.Values)
        {
            portal.Dispose();
        }

        _portals.Clear();
    }

    private void DropStatement(string name)
    {
        if (!_prepared.Remove(name, out var entry))
        {
            return;
        }

        foreach (var (portalName, portal) in _portals.Where(p => p.Value.Source == entry).ToList())
        {
            portal.Dispose();
            _portals.Remove(portalName);
        }

        entry.Dispose();
    }

    private void DropPortal(string name)
    {
        if (_portals.Remove(name, out var portal))
        {
            portal.Dispose();
        }
    }
}
