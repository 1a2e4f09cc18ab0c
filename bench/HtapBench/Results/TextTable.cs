using System.Text;
using HtapRouter.Bench.Measure;

namespace HtapRouter.Bench.Results;

/// <summary>A results table as text cells, printable as aligned console text or as Markdown.</summary>
public sealed record TextTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>One table per figure table: a row per measurement, a column per system, "median (min–max)" cells.</summary>
    public static IEnumerable<TextTable> FromFigures(IReadOnlyList<Figure> figures) =>
        figures.Select(f => f.Table).Distinct().Select(table =>
        {
            var cells = figures.Where(f => f.Table == table).ToList();
            var columns = cells.Select(f => f.Column).Distinct().ToList();
            var rows = cells.Select(f => f.Row).Distinct().Select(row =>
            {
                var unit = cells.First(f => f.Row == row).Unit;
                IReadOnlyList<string> line =
                [
                    $"{row} [{unit}]",
                    .. columns.Select(column => cells.LastOrDefault(f => f.Row == row && f.Column == column) is { } figure ? Cell(figure) : ""),
                ];
                return line;
            }).ToList();
            return new TextTable(table, ["", .. columns], rows);
        });

    public static TextTable FromClaims(IReadOnlyList<Claim> claims) => new("Claims",
        ["claim", "issue", "measured", "target", "verdict"],
        [.. claims.Select(c => (IReadOnlyList<string>)
        [
            c.Statement, c.Issue,
            c.Value is { } v ? Statistics.Format(v) + (c.Unit == "x" ? "×" : " " + c.Unit) : "—",
            c.TargetText,
            c.Unavailable is null ? c.Verdict : $"not available ({c.Unavailable})",
        ])]);

    public static TextTable FromChecks(IReadOnlyList<Check> checks) => new("Correctness: results equal PostgreSQL's",
        ["query", "through", "result", "detail"],
        [.. checks.Select(c => (IReadOnlyList<string>)[c.Name, c.Target, c.Verdict, c.Detail])]);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", Header.Select(Escape)).Append(" |\n");
        text.Append('|').AppendJoin('|', Header.Select(_ => " --- ")).Append("|\n");
        foreach (var row in Rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
        }

        return text.ToString();
    }

    public string ToConsole()
    {
        var widths = Header.Select((h, i) => Math.Min(70, Rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        var text = new StringBuilder().Append(Title).Append('\n');
        void Line(IReadOnlyList<string> cells) =>
            text.AppendJoin("  ", cells.Select((c, i) => (c.Length > widths[i] ? c[..(widths[i] - 1)] + "…" : c).PadRight(widths[i]))).Append('\n');
        Line(Header);
        Line([.. widths.Select(w => new string('-', w))]);
        foreach (var row in Rows)
        {
            Line(row);
        }

        return text.ToString();
    }

    private static string Cell(Figure figure) =>
        !figure.Available ? $"n/a: {figure.Unavailable}"
        : figure.Samples.Count == 1 ? Statistics.Format(figure.Median)
        : $"{Statistics.Format(figure.Median)} ({Statistics.Format(figure.Min)}–{Statistics.Format(figure.Max)})";

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
