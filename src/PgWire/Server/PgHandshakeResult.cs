using HtapRouter.PgWire.Protocol;

namespace HtapRouter.PgWire.Server;

/// <summary>How a connection's startup phase ended.</summary>
public enum PgHandshakeOutcome
{
    /// <summary>The client is authenticated; the caller sends parameters, BackendKeyData and ReadyForQuery.</summary>
    Authenticated,

    /// <summary>The connection carried a CancelRequest; it is to be closed once the request is acted on.</summary>
    CancelRequested,

    /// <summary>The client left, or was refused with an error already sent.</summary>
    Closed,
}

/// <summary>The result of <see cref="PgServerConnection.HandshakeAsync"/>.</summary>
public sealed record PgHandshakeResult(PgHandshakeOutcome Outcome, StartupPacket? Packet)
{
    public static readonly PgHandshakeResult Closed = new(PgHandshakeOutcome.Closed, null);
}
