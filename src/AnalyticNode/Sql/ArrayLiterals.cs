using System.Text;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Protocol;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// <c>'{1,2}'::int[]</c>: DuckDB cannot cast PostgreSQL's array text form, so a one-dimensional array constant becomes
/// <c>ARRAY['1','2']::int[]</c>, each element cast as PostgreSQL casts it. Elements follow array_in: double quotes and
/// backslashes escape, unquoted blanks around an element are dropped, an unquoted NULL is null.
/// </summary>
internal static class ArrayLiterals
{
    /// <summary>The replacement for a cast of a string constant to an array type, or null to keep the cast.</summary>
    public static Pg.Node? Replace(Pg.TypeCast cast)
    {
        if (cast is not { Arg.AConst.Sval.Sval: { } text, TypeName.ArrayBounds.Count: > 0 })
        {
            return null;
        }

        if (text.AsSpan().Trim().StartsWith("{{"))
        {
            throw new PgErrorException(SqlState.FeatureNotSupported, "multidimensional array constants are not supported by the analytic node");
        }

        var elements = Parse(text) ?? throw new PgErrorException(SqlState.InvalidTextRepresentation, $"malformed array literal: \"{text}\"");
        var array = new Pg.A_ArrayExpr { Location = -1 };
        foreach (var element in elements)
        {
            array.Elements.Add(element is null ? PgNodes.NullConstant() : PgNodes.StringConstant(element));
        }

        return PgNodes.TypeCast(PgNodes.Wrap(array), cast.TypeName.Clone());
    }

    /// <summary>
    /// <c>ARRAY['a'::char(3)]</c>: DuckDB has no character(n), so the constants are padded here, as PostgreSQL's
    /// elements are; null when there is nothing (more) to pad.
    /// </summary>
    public static Pg.Node? PadCharElements(Pg.A_ArrayExpr array)
    {
        static bool NeedsPadding(Pg.Node element, out int width) =>
            (width = element.TypeCast is { Arg.AConst.Sval.Sval: { } text, TypeName: { Names: [.., { String.Sval: "bpchar" }], Typmods: [{ AConst.Ival.Ival: var n }] } }
                && text.Length < n ? n : 0) > 0;

        if (!array.Elements.Any(e => NeedsPadding(e, out _)))
        {
            return null;
        }

        var padded = array.Clone();
        foreach (var element in padded.Elements)
        {
            if (NeedsPadding(element, out var width))
            {
                element.TypeCast.Arg.AConst.Sval.Sval = element.TypeCast.Arg.AConst.Sval.Sval.PadRight(width);
            }
        }

        return PgNodes.Wrap(padded);
    }

    /// <summary>The elements of a one-dimensional array's text, or null when it is not one (malformed, or nested).</summary>
    private static List<string?>? Parse(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.Length < 2 || span[0] != '{' || span[^1] != '}')
        {
            return null;
        }

        var elements = new List<string?>();
        var body = span[1..^1];
        if (body.Trim().IsEmpty)
        {
            return elements;
        }

        var i = 0;
        var element = new StringBuilder();
        while (true)
        {
            while (i < body.Length && char.IsWhiteSpace(body[i]))
            {
                i++;
            }

            element.Clear();
            var quoted = false;
            if (i < body.Length && body[i] == '"')
            {
                quoted = true;
                i++;
                while (i < body.Length && body[i] != '"')
                {
                    if (body[i] == '\\' && ++i == body.Length)
                    {
                        return null;
                    }

                    element.Append(body[i++]);
                }

                if (i++ == body.Length)
                {
                    return null;
                }

                while (i < body.Length && char.IsWhiteSpace(body[i]))
                {
                    i++;
                }
            }
            else
            {
                var trailingBlanks = 0;
                while (i < body.Length && body[i] != ',')
                {
                    if (body[i] is '{' or '}' or '"')
                    {
                        return null;
                    }

                    if (body[i] == '\\' && ++i == body.Length)
                    {
                        return null;
                    }

                    trailingBlanks = char.IsWhiteSpace(body[i]) && body[i - 1] != '\\' ? trailingBlanks + 1 : 0;
                    element.Append(body[i++]);
                }

                element.Length -= trailingBlanks;
                if (element.Length == 0)
                {
                    return null;
                }
            }

            var value = element.ToString();
            elements.Add(!quoted && value.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? null : value);
            if (i == body.Length)
            {
                return elements;
            }

            if (body[i++] != ',')
            {
                return null;
            }
        }
    }
}
