namespace HtapRouter.PgWire.Protocol;

/// <summary>
/// A violation of the wire protocol by the peer. Servers answer it with an ErrorResponse carrying
/// <see cref="SqlState"/> (08P01 unless said otherwise) and close the connection.
/// </summary>
public sealed class PgProtocolException : Exception
{
    public PgProtocolException(string message, string sqlState = Protocol.SqlState.ProtocolViolation)
        : base(message) => SqlState = sqlState;

    public PgProtocolException()
        : this("protocol violation")
    {
    }

    public PgProtocolException(string message, Exception innerException)
        : base(message, innerException) => SqlState = Protocol.SqlState.ProtocolViolation;

    public string SqlState { get; }

    internal static PgProtocolException Truncated(string message) =>
        new($"invalid message format: {message} is truncated");
}
