using System.Runtime.CompilerServices;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Types;
using HtapRouter.Router.Admin;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Sessions;

internal sealed partial class RouterSession
{
    private readonly DataRowBuilder _row = new();

    /// <summary>The backend process id of this session's connection to a node, if it has one (SHOW POOL_POOLS).</summary>
    public int? BackendProcessId(BackendNode node) => _links[node.Index]?.Connection.Client.ProcessId;

    /// <summary>
    /// Runs a router command and writes its result; <paramref name="rowsOnly"/> for an Execute, whose columns
    /// were described already (or need not be).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunAdminAsync(QueryRoute route, bool rowsOnly, CancellationToken cancellationToken)
    {
        AdminTable table;
        try
        {
            table = await PoolCommands.RunAsync(route, _services, this);
        }
        catch (PgErrorException e)
        {
            ErrorResponseMessage.Write(ClientOutput, e.Error);
            _skipUntilSync = rowsOnly;
            return;
        }

        if (!rowsOnly && table.Columns.Count > 0)
        {
            WriteDescription(table.Columns);
        }
        foreach (var row in table.Rows)
        {
            _row.BeginRow(row.Length);
            foreach (var value in row)
            {
                if (value is null)
                {
                    _row.WriteNull();
                }
                else
                {
                    var span = _row.GetValueSpan(System.Text.Encoding.UTF8.GetMaxByteCount(value.Length));
                    _row.CommitValue(System.Text.Encoding.UTF8.GetBytes(value, span));
                }
            }
            _row.EndRow(ClientOutput);
        }
        CommandCompleteMessage.Write(ClientOutput, table.Tag);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void WriteAdminDescription(QueryRoute route)
    {
        var columns = route.Admin is { } command ? PoolCommands.ColumnsOf(command) : [];
        if (columns.Count == 0)
        {
            EmptyMessage.Write(ClientOutput, BackendCode.NoData);
            return;
        }
        WriteDescription(columns);
    }

    private void WriteDescription(IReadOnlyList<string> columns)
    {
        var description = new RowDescriptionMessage();
        foreach (var column in columns)
        {
            description.Fields.Add(new PgFieldDescription(column, 0, 0, PgTypeOid.Text, -1, -1, 0));
        }
        description.Write(ClientOutput);
    }
}
