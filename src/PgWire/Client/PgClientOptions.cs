namespace HtapRouter.PgWire.Client;

/// <summary>When the client asks the server for TLS.</summary>
public enum PgSslMode
{
    /// <summary>Never.</summary>
    Disable,

    /// <summary>Ask, and go on in clear text when the server says no.</summary>
    Prefer,

    /// <summary>Ask, and fail when the server says no. The certificate is not validated (libpq's sslmode=require).</summary>
    Require,
}

/// <summary>Where and as whom a <see cref="PgClientConnection"/> connects.</summary>
public sealed record PgClientOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 5432;

    public required string User { get; init; }

    /// <summary>Used for cleartext, MD5 and SCRAM-SHA-256 requests; null when the server is expected to trust.</summary>
    public string? Password { get; init; }

    /// <summary>Defaults to the user name, as libpq does.</summary>
    public string? Database { get; init; }

    public string? ApplicationName { get; init; }

    /// <summary>Default <see cref="PgSslMode.Disable"/>: backends on loopback do not need TLS.</summary>
    public PgSslMode SslMode { get; init; } = PgSslMode.Disable;

    /// <summary>Default 10 s, for the TCP connect and the whole startup phase.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Further startup parameters (options, replication, DateStyle, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StartupParameters { get; init; } = [];
}
