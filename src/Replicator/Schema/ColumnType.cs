namespace HtapRouter.Replicator.Schema;

/// <summary>How pgoutput's text form of a value becomes a DuckDB value.</summary>
public enum ValueConversion
{
    /// <summary>DuckDB casts PostgreSQL's text form correctly: CAST(? AS type).</summary>
    Cast,

    /// <summary>bytea's hex form, decoded here and bound as a BLOB.</summary>
    Bytea,

    /// <summary>An array's "{...}" form, turned into a JSON array DuckDB casts to a list.</summary>
    Array,

    /// <summary>An interval, re-spelled as months, days and microseconds, which DuckDB reads exactly.</summary>
    Interval,

    /// <summary>A date; BC dates are re-spelled the way DuckDB reads them.</summary>
    Date,

    /// <summary>
    /// character(n), stored without its trailing blanks: PostgreSQL ignores them when it compares, groups, measures and
    /// concatenates, and so does DuckDB on the trimmed value; the node pads the column again when it sends it.
    /// </summary>
    BpChar,
}

/// <summary>The DuckDB column type for a PostgreSQL column, and how its values convert.</summary>
/// <param name="DuckType">The DuckDB type, e.g. "DECIMAL(10,2)" or "INTEGER[]".</param>
/// <param name="Conversion">How text values convert.</param>
/// <param name="ElementIsText">For arrays: elements are JSON strings, not numbers or booleans.</param>
public sealed record ColumnType(string DuckType, ValueConversion Conversion = ValueConversion.Cast, bool ElementIsText = false)
{
    /// <summary>
    /// For the initial copy: the primary's SELECT expression that prints a column the way DuckDB reads it back
    /// exactly (intervals as months/days/microseconds, arrays as JSON, BC dates DuckDB's way).
    /// </summary>
    public string SourceExpression(string column) => Conversion switch
    {
        ValueConversion.Array => $"array_to_json({column})::text",
        ValueConversion.Interval =>
            $"CASE WHEN {column} IS NOT NULL THEN format('%s months %s days %s microseconds', (extract(year from {column}) * 12 + extract(month from {column}))::bigint, " +
            $"extract(day from {column})::bigint, (extract(epoch from ({column} - make_interval(years => extract(year from {column})::int, " +
            $"months => extract(month from {column})::int, days => extract(day from {column})::int))) * 1000000)::bigint) END",
        ValueConversion.Date => $"replace({column}::text, ' BC', ' (BC)')",
        _ => column,
    };

    /// <summary>For the initial copy: DuckDB's expression from the copied text to this column's type.</summary>
    public string StagingExpression(string column) => Conversion switch
    {
        ValueConversion.Bytea => $"unhex(substr({column}, 3))",
        ValueConversion.Array => $"CAST(CAST({column} AS JSON) AS {DuckType})",
        ValueConversion.BpChar => $"rtrim(CAST({column} AS {DuckType}), ' ')",
        _ => $"CAST({column} AS {DuckType})",
    };

    /// <summary>The SQL expression that turns a bound parameter into a value of this column.</summary>
    public string ParameterExpression(string parameter) => Conversion switch
    {
        ValueConversion.Bytea => parameter,
        ValueConversion.Array => $"CAST(CAST({parameter} AS JSON) AS {DuckType})",
        ValueConversion.BpChar => $"rtrim(CAST({parameter} AS {DuckType}), ' ')",
        _ => $"CAST({parameter} AS {DuckType})",
    };
}
