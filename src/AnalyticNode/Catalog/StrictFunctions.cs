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

    /// <summary>A function of three arguments, in <paramref name="connection"/>'s database, where every connection sees it.</summary>
    public static void Register<TFirst, TSecond, TThird, TResult>(DuckDBConnection connection, string name, Func<TFirst, TSecond, TThird, TResult?> function)
        where TResult : class =>
        connection.RegisterScalarFunction<TFirst, TSecond, TThird, TResult>(name, (readers, writer, rowCount) =>
        {
            var (first, second, third) = (readers[0], readers[1], readers[2]);
            for (ulong row = 0; row < rowCount; row++)
            {
                if (first.IsValid(row) && second.IsValid(row) && third.IsValid(row)
                    && function(first.GetValue<TFirst>(row), second.GetValue<TSecond>(row), third.GetValue<TThird>(row)) is { } result)
                {
                    writer.WriteValue(result, row);
                }
                else
                {
                    writer.WriteNull(row);
                }
            }
        });
}
