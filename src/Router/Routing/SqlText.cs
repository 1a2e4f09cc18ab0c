namespace HtapRouter.Router.Routing;

/// <summary>Reading what precedes the first token of SQL text: whitespace and comments, as PostgreSQL's lexer sees them.</summary>
internal static class SqlText
{
    /// <summary>The index of the first character after whitespace and comments from <paramref name="index"/> on.</summary>
    public static int SkipSpaceAndComments(string sql, int index) => SkipSpaceAndComments(sql, index, out _, out _);

    /// <summary>
    /// The index of the first character after whitespace and comments from <paramref name="index"/> on; whether there
    /// were comments, and whether one of them was pgpool's <c>/*NO LOAD BALANCE*/</c>. An unterminated block comment
    /// runs to the end, as it would before the lexer rejects it.
    /// </summary>
    public static int SkipSpaceAndComments(string sql, int index, out bool comments, out bool noLoadBalance)
    {
        comments = false;
        noLoadBalance = false;
        while (index < sql.Length)
        {
            if (IsSpace(sql[index]))
            {
                index++;
            }
            else if (StartsWith(sql, index, '-', '-'))
            {
                comments = true;
                var newline = sql.IndexOfAny(['\n', '\r'], index);
                index = newline < 0 ? sql.Length : newline + 1;
            }
            else if (StartsWith(sql, index, '/', '*'))
            {
                comments = true;
                // An unterminated comment runs to the end, as it would before the lexer rejects it.
                var end = BlockCommentEnd(sql, index) is var found and >= 0 ? found : sql.Length;
                noLoadBalance |= IsNoLoadBalance(sql.AsSpan(index + 2, Math.Max(0, end - index - 4)));
                index = end;
            }
            else
            {
                break;
            }
        }
        return index;
    }

    /// <summary>Whitespace as PostgreSQL's lexer defines it.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    /// <summary>
    /// The index after the block comment starting at <paramref name="start"/> (PostgreSQL's comments nest), or -1
    /// when it is not terminated.
    /// </summary>
    public static int BlockCommentEnd(ReadOnlySpan<char> sql, int start)
    {
        var depth = 0;
        var i = start;
        while (i + 1 < sql.Length)
        {
            if (sql[i] == '/' && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && sql[i + 1] == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }
        return -1;
    }

    private static bool IsNoLoadBalance(ReadOnlySpan<char> body) =>
        body.Trim().Equals("NO LOAD BALANCE", StringComparison.OrdinalIgnoreCase);

    private static bool StartsWith(string sql, int index, char first, char second) =>
        index + 1 < sql.Length && sql[index] == first && sql[index + 1] == second;
}
