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

        // avg of integers and numeric, and numeric division, as PostgreSQL's numeric division gives it: the quotient is
        // computed by NumericDivision, registered with the database, as numeric text (its scale depends on the value).
        $"CREATE MACRO pgc.htap_avg_text(total, n) AS CASE WHEN n = 0 THEN NULL ELSE {NumericDivision.FunctionName}(CAST(total AS VARCHAR), CAST(n AS VARCHAR)) END",
        $"""
        CREATE MACRO pgc.htap_numeric_div_text(a, b) AS
            CASE WHEN b = 0 THEN error('division by zero') ELSE {NumericDivision.FunctionName}(CAST(a AS VARCHAR), CAST(b AS VARCHAR)) END
        """,
        // The same of operands that are already numeric text (NumericArithmetic): zero is text without a non-zero digit.
        $"""
        CREATE MACRO pgc.htap_numeric_text_div(a, b) AS
            CASE WHEN NOT regexp_matches(b, '[1-9]') THEN error('division by zero') ELSE {NumericDivision.FunctionName}(a, b) END
        """,

        // interval * number and interval / number as PostgreSQL computes them (IntervalArithmetic, on the interval's text);
        // division by zero fails.
        $"CREATE MACRO pgc.htap_interval_mul(i, f) AS CAST({IntervalArithmetic.MultiplyName}(CAST(i AS VARCHAR), CAST(f AS DOUBLE)) AS INTERVAL)",
        $"""
        CREATE MACRO pgc.htap_interval_div(i, f) AS
            CASE WHEN f = 0 THEN error('division by zero') ELSE CAST({IntervalArithmetic.DivideName}(CAST(i AS VARCHAR), CAST(f AS DOUBLE)) AS INTERVAL) END
        """,

        // div(numeric, numeric): the quotient truncated towards zero (NumericDivision), a numeric of scale 0.
        $"""
        CREATE MACRO pgc.htap_numeric_int_div(a, b) AS
            CASE WHEN b = 0 THEN error('division by zero')
                 ELSE CAST({NumericDivision.TruncatedName}(CAST(a AS VARCHAR), CAST(b AS VARCHAR)) AS DECIMAL(38,0)) END
        """,
        // justify_hours, justify_days and justify_interval (IntervalJustify, on the interval's text).
        $"CREATE MACRO pgc.htap_justify_hours(i) AS CAST({IntervalJustify.HoursName}(CAST(i AS VARCHAR)) AS INTERVAL)",
        $"CREATE MACRO pgc.htap_justify_days(i) AS CAST({IntervalJustify.DaysName}(CAST(i AS VARCHAR)) AS INTERVAL)",
        $"CREATE MACRO pgc.htap_justify_interval(i) AS CAST({IntervalJustify.IntervalName}(CAST(i AS VARCHAR)) AS INTERVAL)",

        // inet and cidr (stored as PostgreSQL's text of the value; InetFunctions): family and masklen from the full text.
        "CREATE MACRO pgc.htap_inet_family_of(x) AS CAST(CASE contains(htap_inet_text(x), ':') WHEN true THEN 6 WHEN false THEN 4 END AS INTEGER)",
        "CREATE MACRO pgc.htap_inet_masklen_of(x) AS CAST(split_part(htap_inet_text(x), '/', 2) AS INTEGER)",

        // double precision and interval as text, as PostgreSQL writes them (float8out, interval_out).
        """
        CREATE MACRO pgc.htap_float_text(x) AS
            CASE WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END
                 WHEN isnan(x) THEN 'NaN'
                 WHEN abs(x) >= 1e15 AND NOT contains(CAST(x AS VARCHAR), 'e')
                     THEN pgc.htap_exponent_text(CASE WHEN x < 0 THEN '-' ELSE '' END, ltrim(regexp_replace(CAST(x AS VARCHAR), '\.0$', ''), '-'))
                 ELSE regexp_replace(CAST(x AS VARCHAR), '\.0$', '') END
        """,
        // From 1e15 on PostgreSQL writes an exponent where DuckDB writes all the digits: 1e+15, 1.5e+16.
        """
        CREATE MACRO pgc.htap_exponent_text(sign, digits) AS
            sign || left(digits, 1) || CASE WHEN rtrim(substr(digits, 2), '0') = '' THEN '' ELSE '.' || rtrim(substr(digits, 2), '0') END
            || 'e+' || CAST(length(digits) - 1 AS VARCHAR)
        """,
        "CREATE MACRO pgc.htap_interval_text(x) AS replace(replace(CAST(x AS VARCHAR), ' months', ' mons'), ' month', ' mon')",

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
