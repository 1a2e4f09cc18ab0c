namespace HtapRouter.Router.Configuration;

/// <summary>
/// The router's configuration cannot be read: a pgpool.conf or a switch is malformed. <see cref="Exception.Message"/>
/// lists every problem found, one a line, each naming where it is ("pgpool.conf:17: ..."); none shows a password.
/// </summary>
public sealed class RouterConfigurationException : Exception
{
    public RouterConfigurationException()
        : this([])
    {
    }

    public RouterConfigurationException(string message)
        : this([message])
    {
    }

    public RouterConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public RouterConfigurationException(IReadOnlyList<string> problems)
        : base(problems.Count == 0 ? "The router's configuration is invalid." : string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem, as in the message.</summary>
    public IReadOnlyList<string> Problems { get; }
}
