using System.Security.Cryptography.X509Certificates;
using HtapRouter.PgWire.Protocol;

namespace HtapRouter.PgWire.Server;

/// <summary>How a PgWire server treats the connections it accepts.</summary>
public sealed record PgServerOptions
{
    /// <summary>The largest message a client may send, in bytes (default 256 MiB); larger ones get 08P01.</summary>
    public int MaxMessageLength { get; init; } = PgMessageReader.DefaultMaxMessageLength;

    /// <summary>When set, SSLRequest is answered 'S' and the connection upgraded to TLS; otherwise 'N'.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Refuse clients that do not ask for TLS (hostssl); only meaningful with a <see cref="Certificate"/>.</summary>
    public bool RequireTls { get; init; }

    /// <summary>Time allowed from connect to the end of authentication, like PostgreSQL's authentication_timeout (default 60 s).</summary>
    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
