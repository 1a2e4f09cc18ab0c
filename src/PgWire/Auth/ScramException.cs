namespace HtapRouter.PgWire.Auth;

/// <summary>A SCRAM server sent a message the client cannot accept; the connection attempt must be abandoned.</summary>
public sealed class ScramException : Exception
{
    public ScramException(string message)
        : base(message)
    {
    }
}
