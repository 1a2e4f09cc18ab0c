using DuckDB.NET.Native;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Parameters;

internal static partial class ParameterBinder
{
    private static void BindBinary(DuckDBPreparedStatement statement, int index, uint type, ReadOnlySpan<byte> bytes)
    {
        var position = (long)index + 1;
        switch (type)
        {
            case PgTypeOid.Bool:
                Check(NativeMethods.PreparedStatements.DuckDBBindBoolean(statement, position, PgBinary.TryReadBool(bytes, out var b) ? b : throw BadBinary(index)), index);
                break;
            case PgTypeOid.Int2:
                Check(NativeMethods.PreparedStatements.DuckDBBindInt16(statement, position, PgBinary.TryReadInt2(bytes, out var i2) ? i2 : throw BadBinary(index)), index);
                break;
            case PgTypeOid.Int4:
                Check(NativeMethods.PreparedStatements.DuckDBBindInt32(statement, position, PgBinary.TryReadInt4(bytes, out var i4) ? i4 : throw BadBinary(index)), index);
                break;
            case PgTypeOid.Int8:
                Check(NativeMethods.PreparedStatements.DuckDBBindInt64(statement, position, PgBinary.TryReadInt8(bytes, out var i8) ? i8 : throw BadBinary(index)), index);
                break;
            case PgTypeOid.Float4:
                Check(NativeMethods.PreparedStatements.DuckDBBindFloat(statement, position, PgBinary.TryReadFloat4(bytes, out var f4) ? f4 : throw BadBinary(index)), index);
                break;
            case PgTypeOid.Float8:
                Check(NativeMethods.PreparedStatements.DuckDBBindDouble(statement, position, PgBinary.TryReadFloat8(bytes, out var f8) ? f8 : throw BadBinary(index)), index);
                break;
            case PgTypeOid.Numeric:
                BindNumeric(statement, index, PgBinary.TryReadNumeric(bytes, out PgNumeric numeric) ? numeric : throw BadBinary(index));
                break;
            case PgTypeOid.Date:
                BindDate(statement, index, PgBinary.TryReadDate(bytes, out var date) ? date : throw BadBinary(index));
                break;
            case PgTypeOid.Time:
                Check(NativeMethods.PreparedStatements.DuckDBBindTime(statement, position, new DuckDBTime { Micros = PgBinary.TryReadTime(bytes, out var time) ? time : throw BadBinary(index) }), index);
                break;
            case PgTypeOid.TimeTz:
                BindTimeTz(statement, index, PgBinary.TryReadTimeTz(bytes, out var timeTz) ? timeTz : throw BadBinary(index));
                break;
            case PgTypeOid.Timestamp or PgTypeOid.TimestampTz:
                BindTimestamp(statement, index, PgBinary.TryReadTimestamp(bytes, out var timestamp) ? timestamp : throw BadBinary(index), type == PgTypeOid.TimestampTz);
                break;
            case PgTypeOid.Interval:
                BindInterval(statement, index, PgBinary.TryReadInterval(bytes, out var interval) ? interval : throw BadBinary(index));
                break;
            case PgTypeOid.Uuid:
                BindUuid(statement, index, PgBinary.TryReadUuid(bytes, out var uuid) ? uuid : throw BadBinary(index));
                break;
            case PgTypeOid.Bytea:
                BindBlob(statement, index, bytes);
                break;
            case PgTypeOid.Jsonb:
                BindVarchar(statement, index, PgBinary.TryReadJsonb(bytes, out var json) ? json : throw BadBinary(index));
                break;
            case PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.BpChar or PgTypeOid.Name or PgTypeOid.Json or PgTypeOid.Unknown or 0:
                BindVarchar(statement, index, bytes);
                break;
            default:
                throw new PgErrorException(
                    SqlState.FeatureNotSupported, $"binary format is not supported for parameter ${index + 1} of type {PgTypeCatalog.FormatType(type)}");
        }
    }

    private static void BindTimeTz(DuckDBPreparedStatement statement, int index, PgTimeTz value)
    {
        Span<byte> text = stackalloc byte[32];
        PgText.TryFormatTimeTz(value, text, out var length);
        BindVarchar(statement, index, text[..length]);
    }

    private static PgErrorException BadBinary(int index) =>
        new(SqlState.InvalidBinaryRepresentation, $"incorrect binary data format in bind parameter {index + 1}");
}
