using System.Text;
using HtapRouter.PgQuery.Native;
using PgQuery;

namespace HtapRouter.PgQuery;

public static partial class PgParser
{
    /// <summary>
    /// The text without its comments, found by PostgreSQL's own lexer, so <c>--</c> and <c>/*</c> inside strings,
    /// quoted identifiers and dollar quotes stay. A comment and the whitespace around it become one space between the
    /// tokens it separated, and nothing at either end of the text; text without comments comes back unchanged.
    /// </summary>
    /// <exception cref="PgSqlSyntaxException">The lexer rejects the text (e.g. an unterminated string or comment).</exception>
    public static string StripComments(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var text = NativeText.From(sql);
        // The lexer does not recurse and its result is a flat token list, so any stack will do.
        var tokens = ScanNative(text);
        StringBuilder? stripped = null;
        var byteCursor = 0;
        var charCursor = 0;
        var keptTo = 0;
        foreach (var token in tokens.Tokens)
        {
            if (token.Token is not (Token.SqlComment or Token.CComment))
            {
                continue;
            }
            // Token offsets are UTF-8 byte offsets in ascending order; convert them to char indexes in one pass.
            var start = charCursor + Encoding.UTF8.GetCharCount(text.Buffer, byteCursor, token.Start - byteCursor);
            var end = start + Encoding.UTF8.GetCharCount(text.Buffer, token.Start, token.End - token.Start);
            byteCursor = token.End;
            charCursor = end;

            stripped ??= new StringBuilder(sql.Length);
            var keepEnd = start;
            while (keepEnd > keptTo && IsSqlSpace(sql[keepEnd - 1]))
            {
                keepEnd--;
            }
            stripped.Append(sql, keptTo, keepEnd - keptTo);
            while (end < sql.Length && IsSqlSpace(sql[end]))
            {
                end++;
            }
            if (stripped.Length > 0 && end < sql.Length && !IsSqlSpace(stripped[^1]))
            {
                stripped.Append(' ');
            }
            keptTo = end;
        }
        return stripped is null ? sql : stripped.Append(sql, keptTo, sql.Length - keptTo).ToString();
    }

    private static unsafe ScanResult ScanNative(NativeText text)
    {
        fixed (byte* input = text.Buffer)
        {
            var native = PgQueryNative.Scan(input);
            try
            {
                if (native.Error != null)
                {
                    throw NativeErrors.ToException(native.Error);
                }
                return ScanResult.Parser.ParseFrom(new ReadOnlySpan<byte>(native.Tokens.Data, checked((int)native.Tokens.Length)));
            }
            finally
            {
                PgQueryNative.FreeScanResult(native);
            }
        }
    }

    /// <summary>Whitespace as PostgreSQL's scanner defines it (scanner_isspace).</summary>
    private static bool IsSqlSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';
}
