using System.Text;
using DuckDB.NET.Native;
using HtapRouter.AnalyticNode.Engine.Errors;
using HtapRouter.AnalyticNode.Engine.Native;
using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Protocol.Messages;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Engine;

/// <summary>
/// Prepares a statement and describes it. Result columns of types PostgreSQL has no counterpart for
/// (STRUCT, MAP, UNION, BIT, nested lists...) are cast to VARCHAR by preparing the statement again
/// inside a projection, so DuckDB prints them and every column the client sees has an encoder.
/// </summary>
internal static class StatementPreparer
{
    private const string WrappedAlias = "__htap_q";

    /// <summary>Prepares <paramref name="sql"/>; <paramref name="charColumns"/> marks result columns that are character(n).</summary>
    public static (DuckDBPreparedStatement Prepared, StatementShape Shape) Prepare(
        DuckDBNativeConnection connection, string sql, IReadOnlyList<CharColumn?> charColumns)
    {
        var prepared = PrepareOrThrow(connection, sql);
        var statementType = DuckDbNative.PreparedStatementType(prepared);
        var columns = ReadColumns(prepared);
        var returnsRows = ReturnsRows(statementType, columns);
        var positionOffset = 0;
        if (returnsRows && columns.Any(c => c.Type.Encoder is null)
            && TryPrepareCasting(connection, sql, columns, out var wrapped, out positionOffset))
        {
            prepared.Dispose();
            prepared = wrapped;
            columns = ReadColumns(prepared);
        }

        var parameters = new uint[NativeMethods.PreparedStatements.DuckDBParams(prepared)];
        for (var i = 0; i < parameters.Length; i++)
        {
            var inferred = DuckDbTypeMap.MapParameter(DuckDbNative.ParameterType(prepared, (ulong)i + 1));
            parameters[i] = inferred == 0 ? PgTypeOid.Text : inferred;
        }

        var fields = returnsRows
            ? columns.Select((c, i) => ResultColumns.Field(c.Name, c.Type, ResultColumns.CharColumnAt(charColumns, i, c.Type))).ToArray()
            : [];
        return (prepared, new StatementShape(KindOf(statementType, returnsRows), parameters, fields, positionOffset));
    }

    private static DuckDBPreparedStatement PrepareOrThrow(DuckDBNativeConnection connection, string sql)
    {
        var prepared = PrepareQuietly(connection, sql, out var error);
        return error is null ? prepared : throw DuckDbErrorMapper.ToException(error, DuckDBErrorType.Invalid, sql);
    }

    private static DuckDBPreparedStatement PrepareQuietly(DuckDBNativeConnection connection, string sql, out string? error)
    {
        error = null;
        if (NativeMethods.PreparedStatements.DuckDBPrepare(connection, sql, out var prepared) == DuckDBState.Success)
        {
            return prepared;
        }

        error = NativeMethods.PreparedStatements.DuckDBPrepareError(prepared);
        prepared.Dispose();
        return prepared;
    }

    private static bool TryPrepareCasting(
        DuckDBNativeConnection connection, string sql, List<(string Name, PgColumnType Type)> columns, out DuckDBPreparedStatement wrapped, out int positionOffset)
    {
        var select = new StringBuilder("SELECT ");
        var aliases = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            var separator = i == 0 ? "" : ", ";
            var inner = $"\"c{i}\"";
            select.Append(separator).Append(columns[i].Type.Encoder is null ? $"CAST({inner} AS VARCHAR)" : inner)
                .Append(" AS ").Append(Quote(columns[i].Name));
            aliases.Append(separator).Append(inner);
        }

        select.Append(" FROM (\n");
        positionOffset = Encoding.UTF8.GetByteCount(select.ToString());
        select.Append(sql.TrimEnd().TrimEnd(';')).Append("\n) AS ").Append(WrappedAlias).Append('(').Append(aliases).Append(')');
        wrapped = PrepareQuietly(connection, select.ToString(), out var error);
        return error is null;
    }

    private static List<(string Name, PgColumnType Type)> ReadColumns(DuckDBPreparedStatement prepared)
    {
        var count = DuckDbNative.PreparedColumnCount(prepared);
        var columns = new List<(string, PgColumnType)>((int)count);
        for (ulong i = 0; i < count; i++)
        {
            using var type = DuckDbNative.PreparedColumnLogicalType(prepared, i);
            columns.Add((ColumnName(prepared, i), DuckDbTypeMap.Map(type)));
        }

        return columns;
    }

    private static unsafe string ColumnName(DuckDBPreparedStatement prepared, ulong column) =>
        DuckDbNative.TakeString(DuckDbNative.PreparedColumnName(prepared, column));

    /// <summary>
    /// DuckDB gives statements that return no rows a single status column: "Count" for INSERT, UPDATE and
    /// DELETE without RETURNING, "Success" for settings and the like.
    /// </summary>
    private static bool ReturnsRows(DuckDBStatementType type, List<(string Name, PgColumnType Type)> columns)
    {
        if (columns.Count == 0 || columns is [("Count", { Oid: PgTypeOid.Int8 })] or [("Success", { Oid: PgTypeOid.Bool })])
        {
            return false;
        }

        return type is DuckDBStatementType.Select or DuckDBStatementType.Explain or DuckDBStatementType.Pragma
            or DuckDBStatementType.Show or DuckDBStatementType.Call or DuckDBStatementType.Execute
            or DuckDBStatementType.Relation or DuckDBStatementType.Insert or DuckDBStatementType.Update
            or DuckDBStatementType.Delete;
    }

    private static DuckDbStatementKind KindOf(DuckDBStatementType type, bool returnsRows) => type switch
    {
        DuckDBStatementType.Insert => DuckDbStatementKind.Insert,
        DuckDBStatementType.Update => DuckDbStatementKind.Update,
        DuckDBStatementType.Delete => DuckDbStatementKind.Delete,
        DuckDBStatementType.Explain => DuckDbStatementKind.Other,
        _ when returnsRows => DuckDbStatementKind.Select,
        _ => DuckDbStatementKind.Other,
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
