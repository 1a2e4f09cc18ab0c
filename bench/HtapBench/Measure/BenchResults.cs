namespace HtapRouter.Bench.Measure;

/// <summary>Everything a run found, in the order it found it: figures, claims, checks, settings and notes.</summary>
public sealed class BenchResults
{
    private readonly List<Figure> _figures = [];
    private readonly List<Claim> _claims = [];
    private readonly List<Check> _checks = [];
    private readonly List<(string Table, string Note)> _notes = [];
    private readonly List<(string Name, string Value)> _settings = [];
    private readonly List<(string Name, string Value)> _versions = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<Figure> Figures => Snapshot(_figures);

    public IReadOnlyList<Claim> Claims => Snapshot(_claims);

    public IReadOnlyList<Check> Checks => Snapshot(_checks);

    public IReadOnlyList<(string Table, string Note)> Notes => Snapshot(_notes);

    public IReadOnlyList<(string Name, string Value)> Settings => Snapshot(_settings);

    public IReadOnlyList<(string Name, string Value)> Versions => Snapshot(_versions);

    public Figure Add(string table, string row, string column, string unit, IReadOnlyList<double> samples) =>
        Add(new Figure(table, row, column, unit, samples));

    public Figure Unavailable(string table, string row, string column, string unit, string reason) =>
        Add(new Figure(table, row, column, unit, [], reason));

    /// <summary>The figure in that cell, or a not-available one when it was never measured.</summary>
    public Figure Find(string table, string row, string column)
    {
        lock (_lock)
        {
            return _figures.LastOrDefault(f => f.Table == table && f.Row == row && f.Column == column)
                ?? new Figure(table, row, column, string.Empty, [], "not measured");
        }
    }

    /// <summary>Records "numerator / denominator against target"; when either is missing, says which and why.</summary>
    public void Ratio(string claim, string issue, Figure numerator, Figure denominator, bool atLeast, double target)
    {
        var missing = new[] { numerator, denominator }.FirstOrDefault(f => !f.Available);
        Add(new Claim(claim, issue, missing is null ? numerator.Median / denominator.Median : null, atLeast, target, "x",
            missing is null ? null : $"{missing.Column}: {missing.Unavailable ?? "no samples"}"));
    }

    /// <summary>Records "figure against target", e.g. freshness p99 ≤ 1000 ms.</summary>
    public void Threshold(string claim, string issue, Figure figure, bool atLeast, double target) =>
        Add(new Claim(claim, issue, figure.Available ? figure.Median : null, atLeast, target, figure.Unit,
            figure.Available ? null : figure.Unavailable ?? "no samples"));

    public void Add(Check check) => Locked(() => _checks.Add(check));

    public void Note(string table, string note) => Locked(() => _notes.Add((table, note)));

    public void Setting(string name, string value) => Locked(() => _settings.Add((name, value)));

    public void Version(string name, string value) => Locked(() => _versions.Add((name, value)));

    private Figure Add(Figure figure)
    {
        Locked(() => _figures.Add(figure));
        return figure;
    }

    private void Add(Claim claim) => Locked(() => _claims.Add(claim));

    private void Locked(Action action)
    {
        lock (_lock)
        {
            action();
        }
    }

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_lock)
        {
            return [.. list];
        }
    }
}
