using DuckDB.NET.Data;

namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// Registers the node's scalar functions as PostgreSQL's STRICT functions behave: NULL when any argument is NULL, and
/// otherwise the function's result, which may itself be NULL.
/// </summary>
internal static class StrictFunctions
{
    /// <summary>A function of one argument, in <paramref name="connection"/>'s database, where every connection sees it.</summary>
    public static void Register<TValue, TResult>(DuckDBConnection connection, string name, Func<TValue, TResult?> function) where TResult : class =>
        connection.RegisterScalarFunction<TValue, TResult>(name, (readers, writer, rowCount) =>
        {
            var values = readers[0];
            for (ulong row = 0; row < rowCount; row++)
            {
                if (values.IsValid(row) && function(values.GetValue<TValue>(row)) is { } result)
                {
                    writer.WriteValue(result, row);
                }
                else
                {
                    writer.WriteNull(row);
                }
            }
        });

    /// <summary>A function of two arguments, in <paramref name="connection"/>'s database, where every connection sees it.</summary>
    public static void Register<TLeft, TRight, TResult>(DuckDBConnection connection, string name, Func<TLeft, TRight, TResult> function) =>
        connection.RegisterScalarFunction<TLeft, TRight, TResult>(name, (readers, writer, rowCount) =>
        {
            var left = readers[0];
            var right = readers[1];
            for (ulong row = 0; row < rowCount; row++)
            {
                if (left.IsValid(row) && right.IsValid(row))
                {
                    writer.WriteValue(function(left.GetValue<TLeft>(row), right.GetValue<TRight>(row)), row);
                }
                else
                {
                    writer.WriteNull(row);
                }
            }
        });
}
