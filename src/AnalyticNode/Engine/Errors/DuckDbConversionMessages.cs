using HtapRouter.PgWire.Protocol;

namespace HtapRouter.AnalyticNode.Engine.Errors;

/// <summary>
/// Rewrites DuckDB's conversion errors in PostgreSQL's words where the shape is known:
/// "Could not convert string 'abc' to INT32" (optionally followed by the source column) becomes
/// invalid input syntax for type integer: "abc".
/// </summary>
internal static class DuckDbConversionMessages
{
    private const string ConvertPrefix = "Could not convert string '";
    private const string ConvertInfix = "' to ";

    public static (string SqlState, string Message) Translate(string message)
    {
        if (message.Contains("out of range", StringComparison.OrdinalIgnoreCase))
        {
            return (SqlState.NumericValueOutOfRange, message);
        }

        if (message.StartsWith(ConvertPrefix, StringComparison.Ordinal))
        {
            var end = message.LastIndexOf(ConvertInfix, StringComparison.Ordinal);
            if (end > ConvertPrefix.Length - 1)
            {
                var value = message[ConvertPrefix.Length..end];
                var type = PgTypeName(message[(end + ConvertInfix.Length)..].Split(' ')[0]);
                return (SqlState.InvalidTextRepresentation, $"invalid input syntax for type {type}: \"{value}\"");
            }
        }

        return (SqlState.InvalidTextRepresentation, message);
    }

    private static string PgTypeName(string duckDbType) => duckDbType switch
    {
        "INT8" or "INT16" => "smallint",
        "INT32" => "integer",
        "INT64" => "bigint",
        "UINT8" or "UINT16" or "UINT32" or "UINT64" or "INT128" or "UINT128" => "numeric",
        "FLOAT" => "real",
        "DOUBLE" => "double precision",
        "BOOL" or "BOOLEAN" => "boolean",
        _ when duckDbType.StartsWith("DECIMAL", StringComparison.Ordinal) => "numeric",
        _ => duckDbType.ToLowerInvariant(),
    };
}
