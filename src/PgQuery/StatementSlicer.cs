using System.Text;
using HtapRouter.PgQuery.Native;
using PgQuery;

namespace HtapRouter.PgQuery;

/// <summary>Cuts the source text of each top-level statement out of the parsed string.</summary>
internal static class StatementSlicer
{
    public static PgStatement[] Slice(string sql, NativeText text, ParseResult tree)
    {
        var statements = new PgStatement[tree.Stmts.Count];
        // RawStmt locations are UTF-8 byte offsets and ascending, so one pass converts them all to char indexes.
        var byteCursor = 0;
        var charCursor = 0;
        for (var i = 0; i < statements.Length; i++)
        {
            var raw = tree.Stmts[i];
            var byteStart = raw.StmtLocation;
            // A length of 0 means the statement runs to the end of the string (the last one, without a semicolon).
            var byteEnd = raw.StmtLen == 0 ? text.Length : byteStart + raw.StmtLen;
            var charStart = charCursor + Encoding.UTF8.GetCharCount(text.Buffer, byteCursor, byteStart - byteCursor);
            var charEnd = charStart + Encoding.UTF8.GetCharCount(text.Buffer, byteStart, byteEnd - byteStart);
            byteCursor = byteEnd;
            charCursor = charEnd;

            while (charStart < charEnd && IsSqlSpace(sql[charStart]))
            {
                charStart++;
            }
            while (charEnd > charStart && IsSqlSpace(sql[charEnd - 1]))
            {
                charEnd--;
            }
            statements[i] = new PgStatement(raw.Stmt, sql[charStart..charEnd], charStart);
        }
        return statements;
    }

    /// <summary>Whitespace as PostgreSQL's scanner defines it (scanner_isspace).</summary>
    private static bool IsSqlSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';
}
