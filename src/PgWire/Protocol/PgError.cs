namespace HtapRouter.PgWire.Protocol;

/// <summary>
/// The fields of an ErrorResponse or NoticeResponse. <see cref="Severity"/> is sent twice, as 'S' and as the
/// never-localised 'V', as PostgreSQL 9.6+ does.
/// </summary>
public sealed record PgError
{
    public PgError(string severity, string sqlState, string message)
    {
        Severity = severity;
        SqlState = sqlState;
        Message = message;
    }

    public string Severity { get; init; }

    public string SqlState { get; init; }

    public string Message { get; init; }

    public string? Detail { get; init; }

    public string? Hint { get; init; }

    /// <summary>1-based character position in the query string.</summary>
    public int? Position { get; init; }

    public int? InternalPosition { get; init; }

    public string? InternalQuery { get; init; }

    public string? Where { get; init; }

    public string? SchemaName { get; init; }

    public string? TableName { get; init; }

    public string? ColumnName { get; init; }

    public string? DataTypeName { get; init; }

    public string? ConstraintName { get; init; }

    public string? File { get; init; }

    public string? Line { get; init; }

    public string? Routine { get; init; }

    public static PgError Error(string sqlState, string message) => new(PgSeverity.Error, sqlState, message);

    public static PgError Fatal(string sqlState, string message) => new(PgSeverity.Fatal, sqlState, message);

    public override string ToString() => $"{Severity}: {Message} ({SqlState})";
}

/// <summary>The severities PostgreSQL sends.</summary>
public static class PgSeverity
{
    public const string Error = "ERROR";
    public const string Fatal = "FATAL";
    public const string Panic = "PANIC";
    public const string Warning = "WARNING";
    public const string Notice = "NOTICE";
    public const string Debug = "DEBUG";
    public const string Info = "INFO";
    public const string Log = "LOG";
}

/// <summary>An error to report to a client as an ErrorResponse, carrying its SQLSTATE and fields.</summary>
public sealed class PgErrorException : Exception
{
    public PgErrorException(PgError error)
        : base(error.Message) => Error = error;

    public PgErrorException(string sqlState, string message)
        : this(PgError.Error(sqlState, message))
    {
    }

    public PgErrorException(PgError error, Exception innerException)
        : base(error.Message, innerException) => Error = error;

    public PgErrorException()
        : this(SqlState.InternalError, "internal error")
    {
    }

    public PgErrorException(string message)
        : this(SqlState.InternalError, message)
    {
    }

    public PgErrorException(string message, Exception innerException)
        : this(PgError.Error(SqlState.InternalError, message), innerException)
    {
    }

    public PgError Error { get; }
}
