using System.Buffers;
using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Native;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine.Parameters;

/// <summary>
/// Binds Bind-message parameters to a prepared DuckDB statement. Each value is read as its PostgreSQL
/// type (the type the client declared, else the one DuckDB inferred) with PostgreSQL's own input rules,
/// text through PgText and binary through PgBinary, so bad input fails as PostgreSQL fails (22P02,
/// 22003, 22P03); the typed value is then bound. Types without a typed DuckDB binding (numeric, uuid,
/// timetz, text, json, unknown, ...) are bound as VARCHAR in their PostgreSQL text form and cast by DuckDB.
/// </summary>
internal static partial class ParameterBinder
{
    private const int StackLimit = 256;

    public static void Bind(
        DuckDBPreparedStatement statement,
        IReadOnlyList<uint> inferredTypes,
        IReadOnlyList<PgValue> parameters,
        Func<int, short> parameterFormat,
        IReadOnlyList<uint>? declaredTypes,
        PgFormatSettings settings)
    {
        if (parameters.Count != inferredTypes.Count)
        {
            throw new PgErrorException(
                SqlState.ProtocolViolation,
                $"bind message supplies {parameters.Count} parameters, but prepared statement requires {inferredTypes.Count}");
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var declared = declaredTypes is not null && i < declaredTypes.Count ? declaredTypes[i] : 0;
            var type = declared is 0 or PgTypeOid.Unknown ? inferredTypes[i] : declared;
            BindOne(statement, i, type, parameters[i], parameterFormat(i), settings);
        }
    }

    private static void BindOne(DuckDBPreparedStatement statement, int index, uint type, PgValue value, short format, PgFormatSettings settings)
    {
        var position = (long)index + 1;
        if (value.IsNull)
        {
            Check(NativeMethods.PreparedStatements.DuckDBBindNull(statement, position), index);
            return;
        }

        var sequence = value.Bytes;
        if (sequence.IsSingleSegment)
        {
            BindBytes(statement, index, type, sequence.FirstSpan, format, settings);
            return;
        }

        var length = checked((int)sequence.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            sequence.CopyTo(rented);
            BindBytes(statement, index, type, rented.AsSpan(0, length), format, settings);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void BindBytes(DuckDBPreparedStatement statement, int index, uint type, ReadOnlySpan<byte> bytes, short format, PgFormatSettings settings)
    {
        switch (format)
        {
            case 0:
                BindText(statement, index, type, bytes, settings);
                break;
            case 1:
                BindBinary(statement, index, type, bytes);
                break;
            default:
                throw new PgErrorException(SqlState.ProtocolViolation, $"unsupported format code: {format}");
        }
    }

    private static unsafe void BindVarchar(DuckDBPreparedStatement statement, int index, ReadOnlySpan<byte> utf8)
    {
        if (!PgText.IsValidText(utf8))
        {
            throw new PgErrorException(SqlState.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"");
        }

        fixed (byte* pointer = utf8)
        {
            Check(DuckDbNative.BindVarchar(statement, (ulong)index + 1, pointer, (ulong)utf8.Length), index);
        }
    }

    private static unsafe void BindBlob(DuckDBPreparedStatement statement, int index, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* pointer = bytes)
        {
            Check(DuckDbNative.BindBlob(statement, (ulong)index + 1, pointer, (ulong)bytes.Length), index);
        }
    }

    private static void Check(DuckDBState state, int index)
    {
        if (state != DuckDBState.Success)
        {
            throw new PgErrorException(SqlState.InternalError, $"could not bind parameter ${index + 1}");
        }
    }
}
