namespace HtapRouter.AnalyticNode.Catalog;

internal static partial class CatalogSql
{
    /// <summary>What the query rewriter turns PostgreSQL expressions into where DuckDB has no function of the same meaning.</summary>
    public static readonly string[] ExpressionFunctions =
    [
        // Division and modulo by zero fail in PostgreSQL, for integers, numeric and floats alike; DuckDB gives NULL or infinity.
        "CREATE MACRO pgc.htap_div(a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a / b END",
        "CREATE MACRO pgc.htap_mod(a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a % b END",

        // round(double precision) is rint: a halfway value goes to the even neighbour.
        "CREATE MACRO pgc.htap_rint(x) AS CASE WHEN abs(x - trunc(x)) = 0.5 THEN 2 * round(x / 2) ELSE round(x) END",

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

        // decode(text, 'escape'): \\ is a backslash and \ooo an octal byte; any other backslash is an error, the rest is UTF-8.
        """
        CREATE MACRO pgc.htap_decode_escape(t) AS
            CASE WHEN contains(regexp_replace(t, '\\\\|\\[0-7]{3}', '', 'g'), '\')
                 THEN error('invalid input syntax for type bytea')
                 ELSE unhex(array_to_string(list_transform(regexp_extract_all(t, '\\\\|\\[0-7]{3}|[^\\]+'), s ->
                     CASE WHEN s = '\\' THEN '5C'
                          WHEN s[1] = '\' THEN printf('%02X', CAST(s[2] AS INTEGER) * 64 + CAST(s[3] AS INTEGER) * 8 + CAST(s[4] AS INTEGER))
                          ELSE hex(encode(s)) END), '')) END
        """,
    ];
}
