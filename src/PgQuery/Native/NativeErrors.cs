namespace HtapRouter.PgQuery.Native;

/// <summary>Turns libpg_query's error struct into the error PostgreSQL would have sent.</summary>
internal static class NativeErrors
{
    public static unsafe PgSqlSyntaxException ToException(PgQueryNative.Error* error)
    {
        var message = NativeText.ToManaged(error->Message) ?? "syntax error";
        // libpg_query keeps no SQLSTATE. Its scanner and grammar raise syntax_error for everything except the
        // grammar's placeholders for unimplemented SQL-standard features, which PostgreSQL raises as
        // feature_not_supported.
        var sqlState = message.EndsWith(" is not yet implemented", StringComparison.Ordinal)
            ? PgSqlSyntaxException.FeatureNotSupportedSqlState
            : PgSqlSyntaxException.SyntaxErrorSqlState;
        // libpg_query parses as UTF-8, so its cursor already counts code points like PostgreSQL's field P does.
        int? position = error->CursorPosition > 0 ? error->CursorPosition : null;
        return new PgSqlSyntaxException(message, sqlState, position);
    }
}
