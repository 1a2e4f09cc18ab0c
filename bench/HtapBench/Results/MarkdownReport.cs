using System.Globalization;
using System.Text;
using HtapRouter.Bench.Configuration;
using HtapRouter.Bench.Measure;
using HtapRouter.Bench.Profiling;
using HtapRouter.Bench.Scenarios;

namespace HtapRouter.Bench.Results;

/// <summary>RESULTS.md: the verdicts first, shortfalls in plain words, then machine, versions, settings and every table.</summary>
public static class MarkdownReport
{
    public static string Render(BenchOptions options, BenchResults results, IReadOnlyList<(string Name, string Value)> machine,
        DateTimeOffset started, TimeSpan elapsed, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        text.Append("# HtapRouter benchmark results\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Run {started:yyyy-MM-dd HH:mm} UTC, {options.Mode.ToString().ToLowerInvariant()} mode, ")
            .Append(CultureInfo.InvariantCulture, $"{elapsed.TotalMinutes:F1} minutes; each figure is the median of {options.Runs} run(s) with (min–max). ")
            .Append("Everything ran on one machine, on loopback, in this one run: the ratios compare like with like.\n\n");
        if (options.Mode != BenchMode.Full)
        {
            text.Append("> **Not a full run.** Quick mode shrinks every size and runs each figure once: a smoke test of the harness, ")
                .Append("not evidence for or against any claim.\n\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}. ")
            .Append("Figures from a machine with other work running are noisy.\n\n");

        text.Append("## Verdicts\n\n").Append(TextTable.FromClaims(results.Claims).ToMarkdown()).Append('\n');
        var shortfalls = results.Claims.Where(c => c.Verdict == "FALL SHORT").ToList();
        var missing = results.Claims.Where(c => c.Value is null).ToList();
        text.Append(shortfalls.Count == 0 ? "No measured figure falls short of its target.\n" : "**These fall short of their targets:**\n\n");
        foreach (var claim in shortfalls)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {claim.Statement}: measured {Statistics.Format(claim.Value!.Value)}{(claim.Unit == "x" ? "×" : " " + claim.Unit)}, ")
                .Append(CultureInfo.InvariantCulture, $"target {claim.TargetText} (issue {claim.Issue}).\n");
        }

        if (missing.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{missing.Count} claim(s) could not be measured in this run (see the verdict column); they are not passes.\n");
        }

        var different = results.Checks.Count(c => c.Passed == false);
        text.Append(CultureInfo.InvariantCulture, $"\nCorrectness: {results.Checks.Count(c => c.Passed == true)} results equal PostgreSQL's, {different} differ")
            .Append(different > 0 ? " — **the timings of differing queries do not count as a like-for-like comparison**.\n\n" : ".\n\n");

        Section(text, "Machine", machine);
        Section(text, "Versions", results.Versions);
        Section(text, "Settings", results.Settings);

        foreach (var table in TextTable.FromFigures(results.Figures))
        {
            text.Append("## ").Append(table.Title).Append("\n\n").Append(table.ToMarkdown()).Append('\n');
            Notes(text, results, table.Title);
        }

        text.Append("## Correctness\n\n").Append(ResultComparer.Rule).Append("\n\n").Append(TextTable.FromChecks(results.Checks).ToMarkdown()).Append('\n');
        if (results.Notes.Any(n => n.Table == Profiler.Section))
        {
            text.Append("## Profiles\n\n");
            Notes(text, results, Profiler.Section);
        }

        text.Append("## Reproduce\n\n`bench/run.sh` (full), `bench/run.sh --quick`, `bench/run.sh --check`; add `--profile` for profiles. ")
            .Append("See bench/README.md for what each scenario does and why it is measured that way.\n");
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IReadOnlyList<(string Name, string Value)> rows)
    {
        text.Append("## ").Append(title).Append("\n\n");
        foreach (var (name, value) in rows)
        {
            text.Append("- **").Append(name).Append("**: ").Append(value).Append('\n');
        }

        text.Append('\n');
    }

    private static void Notes(StringBuilder text, BenchResults results, string table)
    {
        var notes = results.Notes.Where(n => n.Table == table).ToList();
        foreach (var (_, note) in notes)
        {
            text.Append("- ").Append(note).Append('\n');
        }

        if (notes.Count > 0)
        {
            text.Append('\n');
        }
    }
}
