namespace HtapRouter.Bench.Measure;

/// <summary>
/// One measured figure: a cell of a results table (its row and column), the samples of its runs, or why it could not
/// be measured. Reported as the median with min and max.
/// </summary>
public sealed record Figure(string Table, string Row, string Column, string Unit, IReadOnlyList<double> Samples, string? Unavailable = null)
{
    public bool Available => Unavailable is null && Samples.Count > 0;

    public double Median => Statistics.Median(Samples);

    public double Min => Samples.Min();

    public double Max => Samples.Max();
}

/// <summary>A claim from the issues: a ratio of two figures (or one figure) against its target.</summary>
/// <param name="Statement">What is claimed, e.g. "router ≥ PgBouncer, pgbench -S -M simple".</param>
/// <param name="Issue">The issue that makes the claim.</param>
/// <param name="Value">The ratio of the medians (or the figure itself for a threshold); null when not available.</param>
/// <param name="AtLeast">True when the value must be at least <paramref name="Target"/>, false when at most.</param>
/// <param name="Target">The value the claim promises.</param>
/// <param name="Unit">"x" for a ratio, or the figure's unit for a threshold.</param>
/// <param name="Unavailable">Why the value could not be measured; null when it was.</param>
public sealed record Claim(string Statement, string Issue, double? Value, bool AtLeast, double Target, string Unit, string? Unavailable)
{
    public string Verdict => Value is not { } value ? "not available"
        : (AtLeast ? value >= Target : value <= Target) ? "PASS"
        : "FALL SHORT";

    public string TargetText => $"{(AtLeast ? "≥" : "≤")} {Statistics.Format(Target)}{(Unit == "x" ? "×" : " " + Unit)}";
}

/// <summary>A correctness check: a result through the node or the router compared with PostgreSQL's.</summary>
public sealed record Check(string Name, string Target, bool? Passed, string Detail)
{
    public string Verdict => Passed switch { true => "equal", false => "DIFFERENT", null => "not available" };
}
