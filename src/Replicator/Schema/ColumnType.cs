namespace HtapRouter.Replicator.Schema;

/// <summary>How pgoutput's text form of a value becomes a DuckDB value.</summary>
public enum ValueConversion
{
    /// <summary>DuckDB casts PostgreSQL's text form correctly: CAST(? AS type).</summary>
    Cast,

    /// <summary>bytea's hex form, decoded here and bound as a BLOB.</summary>
    Bytea,

    /// <summary>An array's "{...}" form, turned into a JSON array of its elements' text, which DuckDB casts to a list.</summary>
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
/// <param name="Element">For arrays: the element's type, whose conversion each element goes through.</param>
/// <remarks>
/// Array elements travel as JSON strings holding each element's own converted text, never as JSON numbers:
/// DuckDB reads a JSON number as a double before casting it, which rounds long numerics and loses -0.
/// </remarks>
public sealed record ColumnType(string DuckType, ValueConversion Conversion = ValueConversion.Cast, ColumnType? Element = null)
{
    /// <summary>A one-dimensional array of <paramref name="element"/>, as a DuckDB list; null when the element cannot be a list element.</summary>
    public static ColumnType? ArrayOf(ColumnType element) => element.Conversion is ValueConversion.Array or ValueConversion.Bytea
        ? null
        : new ColumnType($"{element.DuckType}[]", ValueConversion.Array, element);

    /// <summary>
    /// For the initial copy: the primary's SELECT expression that prints a column the way DuckDB reads it back
    /// exactly (intervals as months/days/microseconds, arrays as JSON, BC dates DuckDB's way).
    /// </summary>
    public string SourceExpression(string column) => Conversion switch
    {
        ValueConversion.Array =>
            $"CASE WHEN {column} IS NOT NULL THEN (SELECT coalesce(json_agg(({Element!.SourceExpression("e")})::text ORDER BY o), '[]') " +
            $"FROM unnest({column}) WITH ORDINALITY AS a(e, o))::text END",
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
