namespace HtapRouter.Router.Routing;

/// <summary>
/// A query text with its constants blanked out: the text a classification can be cached under when only constants
/// differ. <c>SELECT abalance FROM pgbench_accounts WHERE aid = 4711</c> and <c>... aid = 815</c> have one shape,
/// so pgbench -M simple (and every client that inlines its values) pays one parse per statement shape instead of one
/// per statement.
/// </summary>
/// <remarks>
/// <para>
/// The scan follows PostgreSQL's lexer closely enough that two texts with the same shape have the same tokens but for
/// the values of numeric and string constants: everything else, comments and whitespace included, is kept as it is.
/// A number becomes <see cref="NumberMark"/> and a string <see cref="StringMark"/>; a Query or Parse message cannot
/// hold a NUL character, so a shape with a mark can never equal a real text.
/// </para>
/// <para>
/// Where the lexer's reading of a constant depends on more than the characters (backslashes in strings, which
/// standard_conforming_strings decides), or where telling tokens apart would need more of the lexer (E'', B'', X''
/// and typed <c>type'literal'</c> forms, dollar quoting, malformed numbers), there is no shape and the text is
/// classified as it is.
/// </para>
/// </remarks>
internal static class QueryShape
{
    public const char NumberMark = '\0';
    public const char StringMark = '\u0001';

    /// <summary>
    /// Writes the shape of <paramref name="sql"/> into <paramref name="destination"/>, which must be at least as long
    /// as the text (a shape is never longer). Returns the shape's length, or -1 when the text has no shape.
    /// <paramref name="marks"/> counts the constants blanked out: with none, the shape is the text itself.
    /// </summary>
    public static int Write(ReadOnlySpan<char> sql, Span<char> destination, out int marks)
    {
        marks = 0;
        var length = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'')
            {
                var end = StringEnd(sql, i);
                if (end < 0)
                {
                    return -1;
                }
                destination[length++] = StringMark;
                marks++;
                i = end;
            }
            else if (c is >= '0' and <= '9' || (c == '.' && i + 1 < sql.Length && sql[i + 1] is >= '0' and <= '9'))
            {
                var end = NumberEnd(sql, i);
                if (end < 0)
                {
                    return -1;
                }
                destination[length++] = NumberMark;
                marks++;
                i = end;
            }
            else
            {
                var end = c switch
                {
                    '"' => QuotedIdentifierEnd(sql, i),
                    '$' => ParameterEnd(sql, i),
                    '-' when i + 1 < sql.Length && sql[i + 1] == '-' => LineCommentEnd(sql, i),
                    '/' when i + 1 < sql.Length && sql[i + 1] == '*' => SqlText.BlockCommentEnd(sql, i),
                    _ when IsIdentifierStart(c) => IdentifierEnd(sql, i),
                    _ => i + 1,
                };
                if (end < 0)
                {
                    return -1;
                }
                sql[i..end].CopyTo(destination[length..]);
                length += end - i;
                i = end;
            }
        }
        return length;
    }

    /// <summary>A standard string constant: the index after its closing quote, or -1 (unterminated, or a backslash).</summary>
    private static int StringEnd(ReadOnlySpan<char> sql, int start)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\\')
            {
                // An escape only when standard_conforming_strings is off, which the session may have set.
                return -1;
            }
            if (c == '\'')
            {
                if (i + 1 < sql.Length && sql[i + 1] == '\'')
                {
                    i += 2;
                    continue;
                }
                return FollowsString(sql, i + 1) ? -1 : i + 1;
            }
            i++;
        }
        return -1;
    }

    /// <summary>
    /// Whether another string constant follows after whitespace with a newline: the lexer joins the two into one
    /// constant, so the blanked shape would not tell them apart from two constants.
    /// </summary>
    private static bool FollowsString(ReadOnlySpan<char> sql, int index)
    {
        var newline = false;
        while (index < sql.Length && SqlText.IsSpace(sql[index]))
        {
            newline |= sql[index] is '\n' or '\r';
            index++;
        }
        return newline && index < sql.Length && sql[index] == '\'';
    }

    /// <summary>
    /// A numeric constant (<c>digits[.digits][e[+-]digits]</c> or <c>.digits[...]</c>): the index after it, or -1
    /// when what follows would make the lexer read it otherwise (<c>12abc</c>, <c>1.2.3</c>, <c>1e</c>).
    /// </summary>
    private static int NumberEnd(ReadOnlySpan<char> sql, int start)
    {
        var i = SkipDigits(sql, start);
        if (i < sql.Length && sql[i] == '.')
        {
            // "1..2" is an integer and the range operator in the lexer's eyes; too rare to shape.
            if (i + 1 < sql.Length && sql[i + 1] == '.')
            {
                return -1;
            }
            i = SkipDigits(sql, i + 1);
        }
        if (i < sql.Length && sql[i] is 'e' or 'E')
        {
            var exponent = i + 1;
            if (exponent < sql.Length && sql[exponent] is '+' or '-')
            {
                exponent++;
            }
            var end = SkipDigits(sql, exponent);
            if (end == exponent)
            {
                return -1;
            }
            i = end;
        }
        return i < sql.Length && (IsIdentifierPart(sql[i]) || sql[i] == '.') ? -1 : i;
    }

    private static int SkipDigits(ReadOnlySpan<char> sql, int i)
    {
        while (i < sql.Length && sql[i] is >= '0' and <= '9')
        {
            i++;
        }
        return i;
    }

    /// <summary>A keyword or identifier; -1 when a quote follows (<c>E'..'</c>, <c>date'..'</c>, <c>U&amp;"..."</c>).</summary>
    private static int IdentifierEnd(ReadOnlySpan<char> sql, int start)
    {
        var i = start + 1;
        while (i < sql.Length && IsIdentifierPart(sql[i]))
        {
            i++;
        }
        return i < sql.Length && sql[i] is '\'' or '"' or '&' ? -1 : i;
    }

    private static int QuotedIdentifierEnd(ReadOnlySpan<char> sql, int start)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == '"')
            {
                if (i + 1 < sql.Length && sql[i + 1] == '"')
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /// <summary>A parameter <c>$n</c>; -1 for dollar quoting, whose constants are not shaped.</summary>
    private static int ParameterEnd(ReadOnlySpan<char> sql, int start)
    {
        var end = SkipDigits(sql, start + 1);
        return end == start + 1 || (end < sql.Length && IsIdentifierPart(sql[end])) ? -1 : end;
    }

    private static int LineCommentEnd(ReadOnlySpan<char> sql, int start)
    {
        var newline = sql[start..].IndexOfAny('\n', '\r');
        return newline < 0 ? sql.Length : start + newline + 1;
    }

    private static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or >= '\u0080';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || c is (>= '0' and <= '9') or '$';
}
