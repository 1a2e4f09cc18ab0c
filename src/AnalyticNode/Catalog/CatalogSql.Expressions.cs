namespace HtapRouter.AnalyticNode.Catalog;

internal static partial class CatalogSql
{
    /// <summary>What the query rewriter turns PostgreSQL expressions into where DuckDB has no function of the same meaning.</summary>
    public static readonly string[] ExpressionFunctions =
    [
        // Division and modulo by zero fail in PostgreSQL, for integers, numeric and floats alike; DuckDB gives NULL or infinity.
        "CREATE MACRO pgc.htap_div(a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a / b END",
        "CREATE MACRO pgc.htap_mod(a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a % b END",

        // encode(bytea, 'base64') breaks lines after 76 characters; decode ignores whitespace.
        """
        CREATE MACRO pgc.htap_encode_base64(b) AS
            rtrim(regexp_replace(to_base64(b), '(.{76})', '\1' || chr(10), 'g'), chr(10))
        """,
        "CREATE MACRO pgc.htap_decode_base64(t) AS from_base64(regexp_replace(t, '\\s', '', 'g'))",

        // encode(bytea, 'escape'): zero bytes and bytes with the high bit set as \ooo, a backslash doubled, the rest as they are.
        """
        CREATE MACRO pgc.htap_encode_escape(b) AS
            array_to_string(list_transform(regexp_extract_all(hex(b), '..'), h ->
                CASE WHEN h = '5C' THEN '\\'
                     WHEN h = '00' OR h >= '80' THEN '\' || CAST(CAST('0x' || h AS INTEGER) // 64 AS VARCHAR)
                         || CAST(CAST('0x' || h AS INTEGER) // 8 % 8 AS VARCHAR) || CAST(CAST('0x' || h AS INTEGER) % 8 AS VARCHAR)
                     ELSE chr(CAST('0x' || h AS INTEGER)) END), '')
        """,
    ];
}
