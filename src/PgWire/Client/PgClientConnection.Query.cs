using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;

namespace HtapRouter.PgWire.Client;

/// <summary>The result of one statement run through the simple query protocol, values in text format.</summary>
public sealed record PgQueryResult(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows, string CommandTag);

public sealed partial class PgClientConnection
{
    /// <summary>
    /// Runs a query string with the simple protocol and returns the last statement's rows as text. For health
    /// checks and administration, not for bulk data: rows are materialised. A server error is thrown as
    /// <see cref="PgErrorException"/> after the connection is ready again.
    /// </summary>
    public async Task<PgQueryResult> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        QueryMessage.Write(Transport.Output, sql);
        await Transport.FlushAsync(cancellationToken);

        var description = new RowDescriptionMessage();
        var row = new DataRowMessage();
        var tag = new CommandCompleteMessage();
        List<string> columns = [];
        List<string?[]> rows = [];
        PgErrorException? error = null;
        while (true)
        {
            var message = await ReadRequiredAsync(cancellationToken);
            switch (message.Code)
            {
                case BackendCode.RowDescription:
                    description.Read(message.Payload);
                    columns = description.Fields.ConvertAll(f => f.Name);
                    rows = [];
                    break;
                case BackendCode.DataRow:
                    row.Read(message.Payload);
                    rows.Add(row.Values.ConvertAll(v => v.IsNull ? null : v.ToString()).ToArray());
                    break;
                case BackendCode.CommandComplete:
                    tag.Read(message.Payload);
                    break;
                case BackendCode.ErrorResponse:
                    error = ToException(message);
                    break;
                case BackendCode.ReadyForQuery:
                    Track(message);
                    return error is null ? new PgQueryResult(columns, rows, tag.Tag) : throw error;
                case BackendCode.CopyInResponse:
                    new CopyFailMessage { Reason = "COPY FROM STDIN is not supported by this client" }.Write(Transport.Output);
                    await Transport.FlushAsync(cancellationToken);
                    break;
                default:
                    Track(message);
                    break;
            }
        }
    }
}
