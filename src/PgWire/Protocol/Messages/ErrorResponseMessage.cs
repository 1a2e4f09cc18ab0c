using System.Buffers;
using System.Globalization;

namespace HtapRouter.PgWire.Protocol.Messages;

/// <summary>ErrorResponse ('E') and NoticeResponse ('N'): a <see cref="PgError"/> as typed fields.</summary>
public sealed class ErrorResponseMessage : IPgMessage
{
    public ErrorResponseMessage(bool notice = false) => Code = notice ? BackendCode.NoticeResponse : BackendCode.ErrorResponse;

    public byte Code { get; }

    public PgError Error { get; set; } = PgError.Error(SqlState.InternalError, string.Empty);

    public void Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PgPayloadReader(payload, Code == BackendCode.ErrorResponse ? "ErrorResponse" : "NoticeResponse");
        string? severity = null, code = null, message = null, detail = null, hint = null, internalQuery = null,
            where = null, schema = null, table = null, column = null, dataType = null, constraint = null, file = null,
            line = null, routine = null;
        int? position = null, internalPosition = null;
        for (var type = r.ReadByte(); type != 0; type = r.ReadByte())
        {
            var value = r.ReadCString();
            switch ((char)type)
            {
                case 'S': severity ??= value; break;
                case 'V': severity = value; break;
                case 'C': code = value; break;
                case 'M': message = value; break;
                case 'D': detail = value; break;
                case 'H': hint = value; break;
                case 'P': position = ParsePosition(value); break;
                case 'p': internalPosition = ParsePosition(value); break;
                case 'q': internalQuery = value; break;
                case 'W': where = value; break;
                case 's': schema = value; break;
                case 't': table = value; break;
                case 'c': column = value; break;
                case 'd': dataType = value; break;
                case 'n': constraint = value; break;
                case 'F': file = value; break;
                case 'L': line = value; break;
                case 'R': routine = value; break;
                default: break; // the protocol tells clients to ignore field types they do not know
            }
        }

        r.EnsureEnd();
        Error = new PgError(severity ?? PgSeverity.Error, code ?? SqlState.InternalError, message ?? string.Empty)
        {
            Detail = detail, Hint = hint, Position = position, InternalPosition = internalPosition,
            InternalQuery = internalQuery, Where = where, SchemaName = schema, TableName = table, ColumnName = column,
            DataTypeName = dataType, ConstraintName = constraint, File = file, Line = line, Routine = routine,
        };
    }

    public void Write(IBufferWriter<byte> writer) => Write(writer, Error, Code == BackendCode.NoticeResponse);

    public static void Write(IBufferWriter<byte> writer, PgError error, bool notice = false)
    {
        var position = error.Position?.ToString(CultureInfo.InvariantCulture);
        var internalPosition = error.InternalPosition?.ToString(CultureInfo.InvariantCulture);

        var length = sizeof(byte); // terminator
        length += FieldLength(error.Severity) * 2; // 'S' and 'V'
        length += FieldLength(error.SqlState) + FieldLength(error.Message) + FieldLength(error.Detail) +
                  FieldLength(error.Hint) + FieldLength(position) + FieldLength(internalPosition) +
                  FieldLength(error.InternalQuery) + FieldLength(error.Where) + FieldLength(error.SchemaName) +
                  FieldLength(error.TableName) + FieldLength(error.ColumnName) + FieldLength(error.DataTypeName) +
                  FieldLength(error.ConstraintName) + FieldLength(error.File) + FieldLength(error.Line) +
                  FieldLength(error.Routine);

        var w = PgSpanWriter.Begin(writer, notice ? BackendCode.NoticeResponse : BackendCode.ErrorResponse, length, out var total);
        WriteField(ref w, 'S', error.Severity);
        WriteField(ref w, 'V', error.Severity);
        WriteField(ref w, 'C', error.SqlState);
        WriteField(ref w, 'M', error.Message);
        WriteField(ref w, 'D', error.Detail);
        WriteField(ref w, 'H', error.Hint);
        WriteField(ref w, 'P', position);
        WriteField(ref w, 'p', internalPosition);
        WriteField(ref w, 'q', error.InternalQuery);
        WriteField(ref w, 'W', error.Where);
        WriteField(ref w, 's', error.SchemaName);
        WriteField(ref w, 't', error.TableName);
        WriteField(ref w, 'c', error.ColumnName);
        WriteField(ref w, 'd', error.DataTypeName);
        WriteField(ref w, 'n', error.ConstraintName);
        WriteField(ref w, 'F', error.File);
        WriteField(ref w, 'L', error.Line);
        WriteField(ref w, 'R', error.Routine);
        w.WriteByte(0);
        writer.Advance(total);
    }

    private static int? ParsePosition(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position) ? position : null;

    private static int FieldLength(string? value) =>
        value is null ? 0 : sizeof(byte) + PgSpanWriter.CStringLength(value); // field type and value

    private static void WriteField(ref PgSpanWriter w, char type, string? value)
    {
        if (value is null)
        {
            return;
        }

        w.WriteByte((byte)type);
        w.WriteCString(value);
    }
}
