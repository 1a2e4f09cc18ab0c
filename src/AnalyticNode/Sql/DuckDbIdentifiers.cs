using System.Text;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// Words PostgreSQL takes as plain identifiers (not keywords, or unreserved ones) that DuckDB's grammar reserves: a
/// column named <c>at</c> or a table aliased <c>show</c> is fine in PostgreSQL and a syntax error in DuckDB. The
/// deparser quotes only what PostgreSQL needs quoted, so such identifiers are quoted again in the deparsed text, where
/// keywords are upper case and identifiers lower case (the deparser folds them), so a lower-case bare word is a name.
/// </summary>
internal static class DuckDbIdentifiers
{
    /// <summary>DuckDB 1.5's reserved and type_function keywords that PostgreSQL 15 lets a user write as a column or table name.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "anti", "asof", "at", "by", "columns", "describe", "generated", "glob", "grouping_id", "lambda", "map", "pivot",
        "pivot_longer", "pivot_wider", "positional", "qualify", "semi", "show", "struct", "summarize", "try_cast",
        "unpack", "unpivot",
    };

    private const int MaxLength = 12;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReservedLookup = Reserved.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// True when client SQL has one of these words outside strings, quoted names and comments, in any case; such a
    /// statement is deparsed so that <see cref="Quote"/> can tell its names from its keywords.
    /// </summary>
    public static bool Mentions(string sql)
    {
        var found = false;
        Scan(sql, (start, length) =>
        {
            if (found || length > MaxLength)
            {
                return;
            }

            Span<char> lower = stackalloc char[length];
            sql.AsSpan(start, length).ToLowerInvariant(lower);
            found |= ReservedLookup.Contains(lower);
        });
        return found;
    }

    /// <summary>Deparsed SQL with each lower-case bare word of the list in double quotes; the same string when there is none.</summary>
    public static string Quote(string deparsed)
    {
        StringBuilder? quoted = null;
        var copied = 0;
        Scan(deparsed, (start, length) =>
        {
            if (!ReservedLookup.Contains(deparsed.AsSpan(start, length)))
            {
                return;
            }

            quoted ??= new StringBuilder(deparsed.Length + 8);
            quoted.Append(deparsed, copied, start - copied).Append('"').Append(deparsed, start, length).Append('"');
            copied = start + length;
        });
        return quoted is null ? deparsed : quoted.Append(deparsed, copied, deparsed.Length - copied).ToString();
    }

    /// <summary>Calls <paramref name="word"/> with each bare word's start and length, skipping strings, quoted names, dollar quotes and comments.</summary>
    private static void Scan(string sql, Action<int, int> word)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'')
            {
                var escapes = i > 0 && sql[i - 1] is 'E' or 'e';
                i = SkipQuoted(sql, i, '\'', escapes);
            }
            else if (c == '"')
            {
                i = SkipQuoted(sql, i, '"', backslashEscapes: false);
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else if (c == '$' && DollarTag(sql, i) is { Length: > 0 } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
            }
            else if (char.IsAsciiLetter(c) || c == '_' || c > 127)
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '$' || sql[i] > 127))
                {
                    i++;
                }

                word(start, i - start);
            }
            else if (char.IsAsciiDigit(c))
            {
                // A number, with any exponent or (PostgreSQL 16) underscores and letters glued to it.
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '.'))
                {
                    i++;
                }
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>The index after a quoted string or name starting at <paramref name="open"/>; a doubled quote stays inside.</summary>
    private static int SkipQuoted(string sql, int open, char quote, bool backslashEscapes)
    {
        var i = open + 1;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    /// <summary>The dollar-quote tag (<c>$$</c>, <c>$body$</c>) starting at <paramref name="dollar"/>, or empty for a parameter ($1) or none.</summary>
    private static string DollarTag(string sql, int dollar)
    {
        var i = dollar + 1;
        if (i < sql.Length && (char.IsAsciiLetter(sql[i]) || sql[i] == '_'))
        {
            while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '_'))
            {
                i++;
            }
        }

        return i < sql.Length && sql[i] == '$' ? sql.Substring(dollar, i - dollar + 1) : "";
    }
}
