using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// Time and timestamp constants written with an offset but without seconds: PostgreSQL reads
/// <c>timestamptz '2020-01-01 10:00+02'</c> and <c>timetz '10:00+02'</c>, DuckDB refuses a zone after HH:MM. The
/// constant gets ":00" seconds, which changes no value, where it is cast to a time type or compared with one (an
/// untyped constant takes the type of what it is compared with, in PostgreSQL as in DuckDB). Other constants, and
/// text that only looks like a time, are left as they are.
/// </summary>
internal static class TimeLiterals
{
    /// <summary><c>'10:00+02'::timetz</c> and the like with seconds added; null to keep the cast.</summary>
    public static Pg.Node? Replace(Pg.TypeCast cast)
    {
        if (cast.TypeName is not { ArrayBounds.Count: 0, Names: [.., { String.Sval: var type }] } || !IsTimeTypeName(type) || cast.Arg?.AConst is not { Sval.Sval: { } text } || WithSeconds(text) is not { } fixedText)
        {
            return null;
        }

        var replaced = cast.Clone();
        replaced.Arg = PgNodes.StringConstant(fixedText);
        return PgNodes.Wrap(replaced);
    }

    /// <summary><c>shipped_tz &gt; '2020-01-01 10:00+02'</c> with seconds added to the constant; null to keep the expression.</summary>
    public static Pg.Node? ReplaceInComparison(Pg.A_Expr expression, StatementTypes types)
    {
        if (expression is not { Kind: Pg.A_Expr_Kind.AexprOp, Lexpr: { } left, Rexpr: { } right })
        {
            return null;
        }

        var (constant, other, constantOnLeft) = left.AConst is { Sval: not null } ? (left, right, true) : (right, left, false);
        if (constant.AConst is not { Sval.Sval: { } text } || !IsTimeType(types.TypeOf(other)?.Oid) || WithSeconds(text) is not { } fixedText)
        {
            return null;
        }

        var replaced = expression.Clone();
        if (constantOnLeft)
        {
            replaced.Lexpr = PgNodes.StringConstant(fixedText);
        }
        else
        {
            replaced.Rexpr = PgNodes.StringConstant(fixedText);
        }

        return PgNodes.Wrap(replaced);
    }

    /// <summary>
    /// <paramref name="text"/> with ":00" after each HH:MM that a zone offset (+ or - and a digit) follows directly,
    /// or, after a date, a zone name; null when there is none: "2020-01-01 10:00+02" becomes "2020-01-01 10:00:00+02",
    /// "2020-01-01 10:00 Europe/Paris" "2020-01-01 10:00:00 Europe/Paris"; "10:00:30+02" and "10:00 PM" need nothing.
    /// </summary>
    internal static string? WithSeconds(string text)
    {
        var span = text.AsSpan();
        for (var colon = span.IndexOf(':'); colon >= 0; colon = NextColon(span, colon))
        {
            var hourStart = colon;
            while (hourStart > 0 && char.IsAsciiDigit(span[hourStart - 1]) && colon - hourStart < 2)
            {
                hourStart--;
            }

            var minutesEnd = colon + 3;
            // One or two hour digits, not the minutes of an HH:MM:SS nor part of a longer number.
            if (hourStart == colon || (hourStart > 0 && (span[hourStart - 1] == ':' || char.IsAsciiDigit(span[hourStart - 1])))
                || minutesEnd + 1 >= span.Length || !char.IsAsciiDigit(span[colon + 1]) || !char.IsAsciiDigit(span[colon + 2])
                || !(IsOffset(span[minutesEnd..]) || (hourStart > 0 && IsZoneName(span[minutesEnd..]))))
            {
                continue;
            }

            return string.Concat(span[..minutesEnd], ":00", span[minutesEnd..]);
        }

        return null;
    }

    /// <summary>"+02", "-03:30": a sign and a digit.</summary>
    private static bool IsOffset(ReadOnlySpan<char> rest) => rest is ['+' or '-', var digit, ..] && char.IsAsciiDigit(digit);

    /// <summary>" Europe/Paris", " UTC": a space and a word that is not AM, PM or BC (which DuckDB does not read after seconds either).</summary>
    private static bool IsZoneName(ReadOnlySpan<char> rest)
    {
        if (rest is not [' ', var first, ..] || !char.IsAsciiLetter(first))
        {
            return false;
        }

        var word = rest[1..];
        var end = word.IndexOfAny(' ', '+', '-');
        word = end >= 0 ? word[..end] : word;
        return !(word.Equals("AM", StringComparison.OrdinalIgnoreCase) || word.Equals("PM", StringComparison.OrdinalIgnoreCase)
            || word.Equals("BC", StringComparison.OrdinalIgnoreCase));
    }

    private static int NextColon(ReadOnlySpan<char> span, int colon)
    {
        var next = span[(colon + 1)..].IndexOf(':');
        return next < 0 ? -1 : colon + 1 + next;
    }

    private static bool IsTimeTypeName(string type) => type is "timestamptz" or "timestamp" or "timetz" or "time";

    private static bool IsTimeType(uint? oid) => oid is PgTypeOid.TimestampTz or PgTypeOid.Timestamp or PgTypeOid.TimeTz or PgTypeOid.Time;
}
