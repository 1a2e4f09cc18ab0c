namespace HtapRouter.AnalyticNode.Engine;

/// <summary>How the analytic node opens its DuckDB database.</summary>
public sealed record DuckDbOptions
{
    /// <summary>The database file, created if missing; ":memory:" for an in-memory database. Default ":memory:".</summary>
    public string Path { get; init; } = ":memory:";

    /// <summary>DuckDB's worker threads; default null, DuckDB's own default (the number of cores).</summary>
    public int? Threads { get; init; }

    /// <summary>DuckDB's memory_limit, e.g. "4GB"; default null, DuckDB's own default (80% of RAM).</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Open with access_mode READ_ONLY, so no session can write; default false.</summary>
    public bool ReadOnly { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("Path is required", nameof(Path));
        }

        if (Threads is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be positive");
        }
    }
}
