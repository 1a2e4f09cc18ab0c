namespace HtapRouter.PgWire.Auth;

/// <summary>Outcome of one server-side SCRAM step.</summary>
public sealed class ScramServerResult
{
    private ScramServerResult(ReadOnlyMemory<byte> message, ScramFailure failure, string? errorMessage, string? errorDetail, string? logDetail)
    {
        Message = message;
        Failure = failure;
        ErrorMessage = errorMessage;
        ErrorDetail = errorDetail;
        LogDetail = logDetail;
    }

    public bool IsSuccess => Failure == ScramFailure.None;

    /// <summary>
    /// On success, the SCRAM data to send: server-first-message (in AuthenticationSASLContinue) or
    /// server-final-message (in AuthenticationSASLFinal). Empty on failure.
    /// </summary>
    public ReadOnlyMemory<byte> Message { get; }

    public ScramFailure Failure { get; }

    /// <summary>The SQLSTATE for the ErrorResponse on failure; null on success.</summary>
    public string? SqlState => Failure switch
    {
        ScramFailure.MalformedMessage => Protocol.SqlState.ProtocolViolation,
        ScramFailure.UnsupportedFeature => Protocol.SqlState.FeatureNotSupported,
        ScramFailure.InvalidPassword => Protocol.SqlState.InvalidPassword,
        _ => null,
    };

    /// <summary>The ErrorResponse message (field M) on failure, in PostgreSQL's wording; null on success.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The ErrorResponse detail (field D) to send, if any. Never set for <see cref="ScramFailure.InvalidPassword"/>.</summary>
    public string? ErrorDetail { get; }

    /// <summary>For the server log only, never the client: why an <see cref="ScramFailure.InvalidPassword"/> failure happened.</summary>
    public string? LogDetail { get; }

    internal static ScramServerResult Success(byte[] message) => new(message, ScramFailure.None, null, null, null);

    internal static ScramServerResult Malformed(string message, string? detail = null)
        => new(ReadOnlyMemory<byte>.Empty, ScramFailure.MalformedMessage, message, detail, null);

    internal static ScramServerResult Unsupported(string message)
        => new(ReadOnlyMemory<byte>.Empty, ScramFailure.UnsupportedFeature, message, null, null);

    internal static ScramServerResult InvalidPassword(string userName, string logDetail)
        => new(ReadOnlyMemory<byte>.Empty, ScramFailure.InvalidPassword, $"password authentication failed for user \"{userName}\"", null, logDetail);
}
