using System.Buffers;
using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Native;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Parameters;

internal static partial class ParameterBinder
{
    private static void BindText(DuckDBPreparedStatement statement, int index, uint type, ReadOnlySpan<byte> text, PgFormatSettings settings)
    {
        var position = (long)index + 1;
        switch (type)
        {
            case PgTypeOid.Bool:
                Check(NativeMethods.PreparedStatements.DuckDBBindBoolean(statement, position, PgText.TryParseBool(text, out var b) ? b : throw BadText(type, text)), index);
                break;
            case PgTypeOid.Int2:
                Check(NativeMethods.PreparedStatements.DuckDBBindInt16(statement, position, PgText.TryParseInt2(text, out var i2) ? i2 : throw BadInteger(type, text)), index);
                break;
            case PgTypeOid.Int4:
                Check(NativeMethods.PreparedStatements.DuckDBBindInt32(statement, position, PgText.TryParseInt4(text, out var i4) ? i4 : throw BadInteger(type, text)), index);
                break;
            case PgTypeOid.Int8:
                Check(NativeMethods.PreparedStatements.DuckDBBindInt64(statement, position, PgText.TryParseInt8(text, out var i8) ? i8 : throw BadInteger(type, text)), index);
                break;
            case PgTypeOid.Float4:
                Check(NativeMethods.PreparedStatements.DuckDBBindFloat(statement, position, PgText.TryParseFloat4(text, out var f4) ? f4 : throw BadText(type, text)), index);
                break;
            case PgTypeOid.Float8:
                Check(NativeMethods.PreparedStatements.DuckDBBindDouble(statement, position, PgText.TryParseFloat8(text, out var f8) ? f8 : throw BadText(type, text)), index);
                break;
            case PgTypeOid.Numeric:
                BindNumeric(statement, index, PgText.TryParseNumeric(text, out var numeric) ? numeric : throw BadText(type, text));
                break;
            case PgTypeOid.Date:
                BindDate(statement, index, PgText.TryParseDate(text, out var date) ? date : throw BadText(type, text));
                break;
            case PgTypeOid.Time:
                Check(NativeMethods.PreparedStatements.DuckDBBindTime(statement, position, new DuckDBTime { Micros = PgText.TryParseTime(text, out var time) ? time : throw BadText(type, text) }), index);
                break;
            case PgTypeOid.Timestamp:
                BindTimestamp(statement, index, PgText.TryParseTimestamp(text, out var timestamp) ? timestamp : throw BadText(type, text), withTimeZone: false);
                break;
            case PgTypeOid.TimestampTz:
                BindTimestamp(statement, index, PgText.TryParseTimestampTz(text, out var timestampTz, settings) ? timestampTz : throw BadText(type, text), withTimeZone: true);
                break;
            case PgTypeOid.Interval:
                BindInterval(statement, index, PgText.TryParseInterval(text, out var interval) ? interval : throw BadText(type, text));
                break;
            case PgTypeOid.Uuid:
                BindUuid(statement, index, PgText.TryParseUuid(text, out var uuid) ? uuid : throw BadText(type, text));
                break;
            case PgTypeOid.Bytea:
                BindByteaText(statement, index, text);
                break;
            default:
                BindVarchar(statement, index, text);
                break;
        }
    }

    private static void BindByteaText(DuckDBPreparedStatement statement, int index, ReadOnlySpan<byte> text)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, PgText.GetMaxByteaLength(text)));
        try
        {
            if (!PgText.TryParseBytea(text, rented, out var length))
            {
                throw BadText(PgTypeOid.Bytea, text);
            }

            BindBlob(statement, index, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void BindNumeric(DuckDBPreparedStatement statement, int index, PgNumeric value)
    {
        Span<byte> text = stackalloc byte[StackLimit];
        if (PgText.TryFormatNumeric(value, text, out var length))
        {
            BindVarchar(statement, index, text[..length]);
            return;
        }

        var buffer = new byte[(value.Digits.Length * 4) + value.DisplayScale + 16];
        PgText.TryFormatNumeric(value, buffer, out length);
        BindVarchar(statement, index, buffer.AsSpan(0, length));
    }

    private static void BindDate(DuckDBPreparedStatement statement, int index, PgDate value)
    {
        var days = value.Days switch
        {
            int.MaxValue => int.MaxValue,
            int.MinValue => -int.MaxValue,
            _ => value.ToUnixDays(),
        };
        Check(NativeMethods.PreparedStatements.DuckDBBindDate(statement, (long)index + 1, new DuckDBDate { Days = days }), index);
    }

    private static void BindTimestamp(DuckDBPreparedStatement statement, int index, PgTimestamp value, bool withTimeZone)
    {
        var micros = value.Microseconds switch
        {
            long.MaxValue => long.MaxValue,
            long.MinValue => -long.MaxValue,
            _ => value.ToUnixMicroseconds(),
        };
        Check(
            withTimeZone
                ? DuckDbNative.BindTimestampTz(statement, (ulong)index + 1, micros)
                : NativeMethods.PreparedStatements.DuckDBBindTimestamp(statement, (long)index + 1, new DuckDBTimestampStruct { Micros = micros }),
            index);
    }

    private static void BindInterval(DuckDBPreparedStatement statement, int index, PgInterval value) =>
        Check(DuckDbNative.BindInterval(statement, (ulong)index + 1, new DuckDbIntervalValue(value.Months, value.Days, value.Microseconds)), index);

    private static void BindUuid(DuckDBPreparedStatement statement, int index, Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        PgText.TryFormatUuid(value, text, out var length);
        BindVarchar(statement, index, text[..length]);
    }

    private static PgErrorException BadText(uint type, ReadOnlySpan<byte> text) =>
        new(SqlState.InvalidTextRepresentation, $"invalid input syntax for type {TypeName(type)}: \"{System.Text.Encoding.UTF8.GetString(text)}\"");

    /// <summary>PostgreSQL tells malformed integers (22P02) from well-formed ones that do not fit (22003).</summary>
    private static PgErrorException BadInteger(uint type, ReadOnlySpan<byte> text) =>
        PgText.TryParseNumeric(text, out var numeric) && numeric.IsFinite && numeric.DisplayScale == 0
            ? new(SqlState.NumericValueOutOfRange, $"value \"{System.Text.Encoding.UTF8.GetString(text)}\" is out of range for type {TypeName(type)}")
            : BadText(type, text);

    private static string TypeName(uint type) => PgTypeCatalog.FormatType(type);
}
