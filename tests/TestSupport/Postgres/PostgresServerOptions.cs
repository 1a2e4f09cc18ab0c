namespace HtapRouter.TestSupport.Postgres;

/// <summary>How to obtain a PostgreSQL server for tests. Immutable; override with <c>with</c> or an initializer.</summary>
public sealed record PostgresServerOptions
{
    /// <summary>Name of the environment variable that points tests at an existing server.</summary>
    public const string ExternalServerVariable = "HTAP_TEST_PG";

    /// <summary>
    /// Connection string of an existing server to use instead of starting one. It must use password authentication
    /// and have wal_level=logical. Default: the value of <c>HTAP_TEST_PG</c>, or null when unset or blank.
    /// </summary>
    public string? ExternalConnectionString { get; init; } =
        Environment.GetEnvironmentVariable(ExternalServerVariable) is { } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : null;

    /// <summary>max_replication_slots of a started server, and the least an external server must have. Default: 32.</summary>
    public int MaxReplicationSlots { get; init; } = 32;

    /// <summary>max_wal_senders of a started server, and the least an external server must have. Default: 32.</summary>
    public int MaxWalSenders { get; init; } = 32;

    /// <summary>
    /// Extra server settings for a started server, applied after the fixture's own, so they win.
    /// Ignored for an external server. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// How long a local cluster may take to start. Containers are not bounded by it: pulling an image takes as long
    /// as it takes. Default: 60 seconds.
    /// </summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Image for the Docker strategy. Default: <c>postgres:17</c>.</summary>
    public string ContainerImage { get; init; } = "postgres:17";

    /// <summary>
    /// Operating-system account that owns and runs a local cluster when the tests run as root, since initdb and
    /// pg_ctl refuse to run as root. Default: <c>postgres</c>, which the Debian packages create.
    /// </summary>
    public string ServerAccount { get; init; } = "postgres";

    /// <summary>
    /// Directory under which a local cluster's throw-away directory is made. When running as root, the server
    /// account must be able to traverse it. Default: <see cref="Path.GetTempPath"/>.
    /// </summary>
    public string TemporaryRoot { get; init; } = Path.GetTempPath();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReplicationSlots, 1, nameof(MaxReplicationSlots));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWalSenders, 1, nameof(MaxWalSenders));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StartTimeout, TimeSpan.Zero, nameof(StartTimeout));
        ArgumentException.ThrowIfNullOrWhiteSpace(ContainerImage, nameof(ContainerImage));
        ArgumentException.ThrowIfNullOrWhiteSpace(ServerAccount, nameof(ServerAccount));
        ArgumentException.ThrowIfNullOrWhiteSpace(TemporaryRoot, nameof(TemporaryRoot));
    }
}
