using System.ComponentModel.DataAnnotations;

namespace HtapRouter.AnalyticNode.Configuration;

/// <summary>
/// The analytic node's settings, bound from the "Node" section of appsettings.json, HTAP_Node__* environment
/// variables and command-line switches (see <see cref="CommandLine"/>).
/// </summary>
public sealed record AnalyticNodeOptions
{
    public const string Section = "Node";

    /// <summary>Address to listen on. Default 127.0.0.1; "*" or "0.0.0.0" for every IPv4 interface, "::" for all.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>TCP port. Default 5433, beside a primary on 5432.</summary>
    [Range(0, 65535)]
    public int Port { get; init; } = 5433;

    /// <summary>HTTP port for Prometheus metrics (GET /metrics) on <see cref="ListenAddress"/>; 0 disables. Default 0.</summary>
    [Range(0, 65535)]
    public int HttpPort { get; init; }

    /// <summary>The DuckDB file served (created when missing). Default ./analytic.duckdb.</summary>
    [Required]
    public string DataPath { get; init; } = "./analytic.duckdb";

    /// <summary>
    /// Users and their secrets: a plaintext password, an md5 hash ("md5...") or a SCRAM verifier
    /// ("SCRAM-SHA-256$..."). With none, every client is trusted (and the node says so at startup).
    /// </summary>
    public Dictionary<string, string> Users { get; init; } = [];

    /// <summary>Authentication for configured users: scram-sha-256 (default), md5, password or trust.</summary>
    public string AuthMethod { get; init; } = "scram-sha-256";

    /// <summary>PEM certificate for TLS; with <see cref="CertificateKeyPath"/>, SSLRequest is answered 'S'.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>PEM private key of <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; init; }

    /// <summary>Sessions allowed at once; one more gets 53300. Default 100, as PostgreSQL's max_connections.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; init; } = 100;

    /// <summary>On shutdown, how long running queries may go on before they are cancelled. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The PostgreSQL version the node reports (server_version, version()). Default 15.0.</summary>
    [Required]
    public string ServerVersion { get; init; } = "15.0";

    /// <summary>The sessions' default TimeZone. Default UTC.</summary>
    [Required]
    public string TimeZone { get; init; } = "UTC";

    /// <summary>DuckDB worker threads; null lets DuckDB use every core.</summary>
    public int? DuckDbThreads { get; init; }

    /// <summary>DuckDB memory_limit, such as "4GB"; null keeps DuckDB's default (80% of RAM).</summary>
    public string? DuckDbMemoryLimit { get; init; }
}
