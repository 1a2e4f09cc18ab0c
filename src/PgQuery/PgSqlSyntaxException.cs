namespace HtapRouter.PgQuery;

/// <summary>
/// The PostgreSQL parser rejected the SQL text. The properties carry what PostgreSQL itself would put in the
/// ErrorResponse, so a router or server can pass the error on to its client unchanged.
/// </summary>
public sealed class PgSqlSyntaxException : Exception
{
    public PgSqlSyntaxException()
        : this("syntax error", SyntaxErrorSqlState, null)
    {
    }

    public PgSqlSyntaxException(string message)
        : this(message, SyntaxErrorSqlState, null)
    {
    }

    public PgSqlSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        SqlState = SyntaxErrorSqlState;
    }

    public PgSqlSyntaxException(string message, string sqlState, int? position)
        : base(message)
    {
        SqlState = sqlState;
        Position = position;
    }

    /// <summary>SQLSTATE 42601, syntax_error: what PostgreSQL's scanner and grammar raise for almost everything.</summary>
    public const string SyntaxErrorSqlState = "42601";

    /// <summary>SQLSTATE 0A000, feature_not_supported: the grammar's "... is not yet implemented" errors.</summary>
    public const string FeatureNotSupportedSqlState = "0A000";

    /// <summary>
    /// SQLSTATE 54001, statement_too_complex: "stack depth limit exceeded", for SQL nested deeper than this process
    /// can give stack for (PostgreSQL itself refuses far shallower expressions).
    /// </summary>
    public const string StackDepthSqlState = "54001";

    /// <summary>The SQLSTATE PostgreSQL reports for this error (ErrorResponse field C).</summary>
    public string SqlState { get; }

    /// <summary>
    /// The 1-based position of the error in the SQL text, counted in characters (Unicode code points) as
    /// PostgreSQL reports it in ErrorResponse field P; null when PostgreSQL would send no position.
    /// </summary>
    public int? Position { get; }
}
