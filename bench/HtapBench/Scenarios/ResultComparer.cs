using System.Globalization;

namespace HtapRouter.Bench.Scenarios;

/// <summary>
/// Compares a query's result from the node or the router with PostgreSQL's, both as psql prints them (text format,
/// exactly what a client sees). The rule, also printed in RESULTS.md, is <see cref="Rule"/>.
/// </summary>
public static class ResultComparer
{
    public const double RelativeTolerance = 1e-9;

    public const string Rule =
        "Rows are compared as psql prints them (text format), sorted, so that the order of rows with equal sort keys does not " +
        "matter. Every field must be textually equal, with one exception: two numbers that differ as text are equal when they " +
        "agree to a relative 1e-9, because avg() and division give an exact numeric in PostgreSQL but binary floating point in " +
        "DuckDB, which legitimately differs in the last digits. Such fields are counted and the count is reported; anything " +
        "else that differs (a row too many or too few, a date, a padded char(n), a numeric's scale) is a failure.";

    /// <summary>The result of one comparison: null difference when equal; how many fields were equal only within tolerance.</summary>
    public sealed record Outcome(string? Difference, int TolerantFields, int Rows);

    public static Outcome Compare(string expected, string actual)
    {
        var expectedRows = Rows(expected);
        var actualRows = Rows(actual);
        if (expectedRows.Count != actualRows.Count)
        {
            return new($"{actualRows.Count} rows instead of {expectedRows.Count}; first expected: {Printable(expectedRows.FirstOrDefault() ?? "(none)")}, " +
                $"first got: {Printable(actualRows.FirstOrDefault() ?? "(none)")}", 0, expectedRows.Count);
        }

        var tolerant = 0;
        for (var row = 0; row < expectedRows.Count; row++)
        {
            var want = expectedRows[row].Split('\x1f');
            var got = actualRows[row].Split('\x1f');
            if (want.Length != got.Length)
            {
                return new($"row {row + 1} has {got.Length} fields instead of {want.Length}", tolerant, expectedRows.Count);
            }

            for (var field = 0; field < want.Length; field++)
            {
                if (want[field] == got[field])
                {
                    continue;
                }

                if (!NearlyEqual(want[field], got[field]))
                {
                    return new($"row {row + 1} field {field + 1}: '{got[field]}' instead of '{want[field]}' (row: {Printable(actualRows[row])})",
                        tolerant, expectedRows.Count);
                }

                tolerant++;
            }
        }

        return new(null, tolerant, expectedRows.Count);
    }

    // psql ends every row with a newline, so an empty line is a row (a lone empty string), not a separator.
    private static List<string> Rows(string text) =>
        text.Length == 0 ? [] : [.. (text.EndsWith('\n') ? text[..^1] : text).Split('\n').Order(StringComparer.Ordinal)];

    private static bool NearlyEqual(string a, string b) =>
        double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) &&
        double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) &&
        Math.Abs(x - y) <= RelativeTolerance * Math.Max(Math.Abs(x), Math.Abs(y));

    private static string Printable(string row) => row.Replace('\x1f', '|');
}
