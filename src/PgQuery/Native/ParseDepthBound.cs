namespace HtapRouter.PgQuery.Native;

/// <summary>
/// An upper bound on the depth of the parse tree SQL text can produce, from one pass over its UTF-8 bytes, so that
/// a parse runs on the calling thread's stack whenever the bound says it fits there. Depth counts messages as
/// <see cref="Tree.PgNodeWalker.MeasureDepth"/> does: a <c>Node</c> wrapper and the message in it are two levels.
/// </summary>
/// <remarks>
/// The bound is 2 × <see cref="CountTokens"/> + <see cref="FixedLevels"/>. Why it holds:
/// <list type="number">
/// <item>
/// <see cref="CountTokens"/> is at least the number of tokens PostgreSQL's lexer returns. PostgreSQL 15 lexes a run
/// of letters, digits, '_' and bytes of 0x80 and above as one token (keyword, identifier or number) or rejects it
/// ("trailing junk after numeric literal"); every other byte but whitespace is counted as a token of its own, and no
/// token is shorter than a byte. The text of strings, quoted identifiers and comments is counted as if it were
/// tokens: that only over-counts, whereas skipping it would need the lexer's exact quoting rules (E'' escapes,
/// dollar quotes, nested comments), and one wrong rule would under-count.
/// </item>
/// <item>
/// A level on the deepest path comes from a grammar rule that consumed tokens of its own, and gram.y's actions put
/// at most two levels (a <c>Node</c> and its content) between a construct and the operand it nests for each such
/// token. The densest constructs reach exactly two: prefix operators and NOT (<c>- - x</c>, <c>NOT NOT x</c>),
/// postfix tests (<c>x ISNULL ISNULL</c>) and scalar subqueries (<c>(SELECT (SELECT …))</c>, six levels for three
/// tokens). Binary operators, casts, COLLATE, calls, arrays, rows, CASE, IN, BETWEEN, SIMILAR TO, joins, set
/// operations and WITH all nest less densely.
/// </item>
/// <item>
/// Levels no token pays for (the <c>ParseResult</c> and <c>RawStmt</c> above a statement, the <c>*</c> that
/// <c>TABLE t</c> implies, a constant's value message) are a few per statement: at most 6 were measured, and
/// <see cref="FixedLevels"/> allows 16.
/// </item>
/// </list>
/// ParseDepthBoundTests checks chains of every nesting construct and the test corpus against the bound;
/// PostgreSQL 15's own catalog and extension scripts (3,800 statements) all stay under 2 × tokens.
/// </remarks>
internal static class ParseDepthBound
{
    /// <summary>Levels per counted token; see the remarks.</summary>
    public const int LevelsPerToken = 2;

    /// <summary>Levels not paid for by tokens; see the remarks.</summary>
    public const int FixedLevels = 16;

    private const byte Space = 0;
    private const byte Word = 1;
    private const byte Other = 2;

    /// <summary>Each byte's class: whitespace as PostgreSQL's scanner defines it, a word byte, or anything else.</summary>
    private static readonly byte[] Classes = BuildClasses();

    /// <summary>The deepest tree, in messages, that the UTF-8 text <paramref name="utf8"/> can parse into.</summary>
    public static long Of(ReadOnlySpan<byte> utf8) => (LevelsPerToken * (long)CountTokens(utf8)) + FixedLevels;

    /// <summary>
    /// At least as many as the tokens PostgreSQL's lexer finds in <paramref name="utf8"/>: each run of word bytes
    /// counts one, each other byte but whitespace one.
    /// </summary>
    public static int CountTokens(ReadOnlySpan<byte> utf8)
    {
        var classes = Classes;
        var count = 0;
        var previous = Space;
        foreach (var b in utf8)
        {
            var current = classes[b];
            if (current == Other || (current == Word && previous != Word))
            {
                count++;
            }
            previous = current;
        }
        return count;
    }

    private static byte[] BuildClasses()
    {
        var classes = new byte[256];
        for (var b = 0; b < classes.Length; b++)
        {
            classes[b] = b switch
            {
                ' ' or '\t' or '\n' or '\r' or '\f' => Space,
                >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or >= 0x80 => Word,
                // '$' too: "$1$2" is two tokens, and identifiers may contain it ("a$b"), which counting it apart
                // only over-counts.
                _ => Other,
            };
        }
        return classes;
    }
}
