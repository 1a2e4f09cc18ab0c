using System.Globalization;

namespace HtapRouter.Bench.Configuration;

/// <summary>What a run does: the full benchmark, the quick one, or only the result-equality checks.</summary>
public enum BenchMode
{
    Full,
    Quick,
    Check,
}

/// <summary>
/// The sizes and durations of one run. Full mode uses the sizes the issues name (lineitem about 6M rows, a 2M-row
/// insert, a 1M-row result); quick mode shrinks every size so the whole run fits in a few minutes on two cores,
/// which makes its figures a smoke test, not a claim.
/// </summary>
public sealed record BenchOptions
{
    public BenchMode Mode { get; init; } = BenchMode.Full;

    /// <summary>Each timed figure is the median of this many runs, reported with its min and max.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>TPC-H scale factor: lineitem has about 6M rows per unit.</summary>
    public double TpchScale { get; init; } = 1.0;

    /// <summary>pgbench -s for the OLTP and freshness tables (100,000 accounts per unit).</summary>
    public int PgbenchScale { get; init; } = 10;

    /// <summary>pgbench -T of each OLTP measurement.</summary>
    public int PgbenchSeconds { get; init; } = 15;

    /// <summary>pgbench -c of the OLTP measurements, as issue #5 names it.</summary>
    public int PgbenchClients { get; init; } = 16;

    /// <summary>Client connections held idle against the router.</summary>
    public int IdleConnections { get; init; } = 1000;

    /// <summary>Rows of the single-transaction insert that pg_recvlogical and the replicator each drain.</summary>
    public int ReplicationInsertRows { get; init; } = 2_000_000;

    /// <summary>Rows of the table the mixed update/delete stream rewrites (each row is updated or deleted once).</summary>
    public int ReplicationMixedRows { get; init; } = 1_000_000;

    /// <summary>How long the freshness probe runs under pgbench -N.</summary>
    public int FreshnessSeconds { get; init; } = 60;

    /// <summary>Rows of the 8-column result streamed to Npgsql and psql.</summary>
    public int StreamRows { get; init; } = 1_000_000;

    /// <summary>Collect dotnet-counters/dotnet-trace profiles of the router and the node while they are measured.</summary>
    public bool Profile { get; init; }

    /// <summary>Keep the work directory (clusters, DuckDB files, logs) instead of deleting it at the end.</summary>
    public bool KeepWorkDirectory { get; init; }

    /// <summary>Where clusters, DuckDB files, configuration and logs go; default a new directory under /tmp.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The repository root (holding HtapRouter.sln); default found upwards from this program.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Where the Markdown report is written; default bench/RESULTS.md (full) or bench/RESULTS-quick.md.</summary>
    public string? ResultsPath { get; init; }

    /// <summary>The scenarios this run measures (<see cref="Scenarios"/>); null for all of them.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    public bool ChecksOnly => Mode == BenchMode.Check;

    /// <summary>The names --only takes, in the order a run measures them.</summary>
    public static IReadOnlyList<string> Scenarios { get; } = ["oltp", "sync", "analytics", "streaming", "replication", "freshness"];

    /// <summary>Whether this run measures <paramref name="scenario"/>, one of <see cref="Scenarios"/>.</summary>
    public bool Measures(string scenario) => Only is null || Only.Contains(scenario);

    public static BenchOptions Quick { get; } = new()
    {
        Mode = BenchMode.Quick,
        Runs = 1,
        TpchScale = 0.05,
        PgbenchScale = 1,
        PgbenchSeconds = 3,
        ReplicationInsertRows = 50_000,
        ReplicationMixedRows = 20_000,
        FreshnessSeconds = 10,
        StreamRows = 200_000,
    };

    public static BenchOptions Check { get; } = Quick with { Mode = BenchMode.Check, TpchScale = 0.01 };

    public const string Usage = """
        HtapBench: HtapRouter's side-by-side benchmark (issue #7). Normally run through bench/run.sh.

          (no mode)          the full run: lineitem ~6M rows, 3 runs per figure; writes bench/RESULTS.md
          --quick            small sizes, 1 run per figure, under 5 minutes; writes bench/RESULTS-quick.md
          --check            only the correctness checks (TPC-H results through the node and router equal
                             PostgreSQL's); no timings; exits 1 on any difference. For CI.
          --runs <n>         runs per figure (median, min, max)
          --scale <sf>       TPC-H scale factor (1 = lineitem ~6M rows)
          --only <names>     only these scenarios, comma-separated: oltp, sync, analytics, streaming,
                             replication, freshness; the report goes to bench/RESULTS-only.md
          --profile          profile the router and the node with dotnet-counters/dotnet-trace
          --work-dir <dir>   where clusters, DuckDB files and logs go (default: a new /tmp directory)
          --keep             keep the work directory afterwards
          --results <file>   where to write the Markdown report
          --repo <dir>       repository root (default: found from this program's location)
        """;

    /// <summary>Reads the command line; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--check") ? Check : args.Contains("--quick") ? Quick : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" or "--check" => options,
                "--runs" => options with { Runs = PositiveInt(Value(), "--runs") },
                "--scale" => options with { TpchScale = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--only" => options with { Only = ScenarioNames(Value()) },
                "--profile" => options with { Profile = true },
                "--work-dir" => options with { WorkDirectory = Value() },
                "--keep" => options with { KeepWorkDirectory = true },
                "--results" => options with { ResultsPath = Value() },
                "--repo" => options with { RepositoryRoot = Value() },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }

        return options.TpchScale is > 0 and <= 100 ? options : throw new ArgumentException("--scale must be in (0, 100].");
    }

    private static HashSet<string> ScenarioNames(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = names.Where(name => !Scenarios.Contains(name)).ToList();
        return names.Count > 0 && unknown.Count == 0
            ? names
            : throw new ArgumentException($"--only takes scenario names from {string.Join(", ", Scenarios)}, not '{list}'.");
    }

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} takes a positive whole number, not '{text}'.");
}
