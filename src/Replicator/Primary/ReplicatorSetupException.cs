namespace HtapRouter.Replicator.Primary;

/// <summary>The primary cannot be replicated from as configured; the message says what to change.</summary>
public sealed class ReplicatorSetupException : Exception
{
    public ReplicatorSetupException(string message)
        : base(message)
    {
    }

    public ReplicatorSetupException()
    {
    }

    public ReplicatorSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
