using System.Text;
using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// <c>to_char(date or timestamp, 'template')</c> with a constant template, which DuckDB lacks: the template's fields
/// become strftime formats, and the names PostgreSQL pads (Month, Day) or prints in capitals (MON, DY) are padded or
/// folded around them. to_char of a number, and template fields without a DuckDB counterpart, are refused (0A000)
/// rather than answered differently.
/// </summary>
internal static class DateFormats
{
    private static readonly string[] Strftime = ["main", "strftime"];

    /// <summary>Fields, longest first; Numeric fields take FM (no leading zeros).</summary>
    private static readonly (string Field, string Format, string? FillMode, Func<Pg.Node, bool, Pg.Node>? Build)[] Fields =
    [
        ("HH24", "%H", "%-H", null), ("HH12", "%I", "%-I", null), ("YYYY", "%Y", "%Y", null), ("MONTH", "", null, (v, fm) => Upper(Padded(v, "%B", fm))),
        ("Month", "", null, (v, fm) => Padded(v, "%B", fm)), ("month", "", null, (v, fm) => Lower(Padded(v, "%B", fm))), ("DDD", "%j", "%-j", null),
        ("DAY", "", null, (v, fm) => Upper(Padded(v, "%A", fm))), ("Day", "", null, (v, fm) => Padded(v, "%A", fm)), ("day", "", null, (v, fm) => Lower(Padded(v, "%A", fm))),
        ("MON", "", null, (v, _) => Upper(Format(v, "%b"))), ("Mon", "%b", "%b", null), ("mon", "", null, (v, _) => Lower(Format(v, "%b"))),
        ("HH", "%I", "%-I", null), ("MI", "%M", "%-M", null), ("SS", "%S", "%-S", null), ("MS", "%g", null, null), ("US", "%f", null, null),
        ("YY", "%y", "%-y", null), ("MM", "%m", "%-m", null), ("DD", "%d", "%-d", null), ("AM", "%p", "%p", null), ("PM", "%p", "%p", null),
        ("DY", "", null, (v, _) => Upper(Format(v, "%a"))), ("Dy", "%a", "%a", null), ("dy", "", null, (v, _) => Lower(Format(v, "%a"))),
        ("Q", "", null, (v, _) => PgNodes.TypeCast(PgNodes.FuncCall(["main", "quarter"], v.Clone()), PgNodes.TypeName("text"))),
    ];

    /// <summary>The replacement for <c>to_char(value, template)</c>, or null to leave the call to DuckDB.</summary>
    public static Pg.Node? Replace(Pg.FuncCall call, StatementTypes types)
    {
        var type = types.TypeOf(call.Args[0])?.Oid;
        if ((type is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric || call.Args[0].AConst is { Ival: not null } or { Fval: not null })
            && call.Args[1].AConst?.Sval?.Sval is { } numberTemplate && NumberFormats.IsSupported(numberTemplate))
        {
            // Integers and numeric by a template of 9, 0, commas and a period (NumberFormats), on the number's text.
            return PgNodes.FuncCall([NumberFormats.FunctionName], PgNodes.TypeCast(call.Args[0], PgNodes.TypeName("varchar")), call.Args[1]);
        }

        if (type is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric or PgTypeOid.Float4 or PgTypeOid.Float8
            || call.Args[0].AConst is { Ival: not null } or { Fval: not null })
        {
            throw new PgErrorException(SqlState.FeatureNotSupported, "to_char of a number is not supported by the analytic node");
        }

        if (call.Args[1].AConst?.Sval?.Sval is not { } template || type is PgTypeOid.Interval)
        {
            return null;
        }

        var value = call.Args[0];
        var parts = new List<Pg.Node>();
        var format = new StringBuilder();
        for (var i = 0; i < template.Length;)
        {
            var fillMode = string.CompareOrdinal(template, i, "FM", 0, 2) == 0;
            if (fillMode)
            {
                i += 2;
            }

            if (i < template.Length && template[i] == '"')
            {
                var end = template.IndexOf('"', i + 1);
                end = end < 0 ? template.Length : end;
                format.Append(template, i + 1, end - i - 1).Replace("%", "%%", format.Length - (end - i - 1), end - i - 1);
                i = Math.Min(end + 1, template.Length);
                continue;
            }

            var field = Array.FindIndex(Fields, f => string.CompareOrdinal(template, i, f.Field, 0, f.Field.Length) == 0);
            if (field < 0)
            {
                if (i < template.Length)
                {
                    if (char.IsAsciiLetter(template[i]))
                    {
                        throw Unsupported(template, i);
                    }

                    format.Append(template[i] == '%' ? "%%" : template[i].ToString());
                    i++;
                }

                continue;
            }

            var (name, strftime, fill, build) = Fields[field];
            i += name.Length;
            if (build is not null)
            {
                Flush(parts, format, value);
                parts.Add(build(value, fillMode));
            }
            else
            {
                format.Append(fillMode ? fill ?? throw Unsupported(template, i - name.Length) : strftime);
            }
        }

        Flush(parts, format, value);
        // || rather than concat: a null date gives null, as in PostgreSQL.
        return parts.Count == 0 ? PgNodes.StringConstant("") : parts.Aggregate(Concatenate);
    }

    private static PgErrorException Unsupported(string template, int at) =>
        new(SqlState.FeatureNotSupported, $"to_char template \"{template}\" is not supported by the analytic node at \"{template[at..]}\"");

    private static void Flush(List<Pg.Node> parts, StringBuilder format, Pg.Node value)
    {
        if (format.Length > 0)
        {
            parts.Add(Format(value, format.ToString()));
            format.Clear();
        }
    }

    private static Pg.Node Format(Pg.Node value, string format) => PgNodes.FuncCall(Strftime, value.Clone(), PgNodes.StringConstant(format));

    /// <summary>Month and day names are blank-padded to 9 characters, the longest English name, except in fill mode (FM).</summary>
    private static Pg.Node Padded(Pg.Node value, string format, bool fillMode) => fillMode
        ? Format(value, format)
        : PgNodes.FuncCall(["rpad"], Format(value, format), PgNodes.IntegerConstant(9), PgNodes.StringConstant(" "));

    private static Pg.Node Concatenate(Pg.Node left, Pg.Node right)
    {
        var concatenation = new Pg.A_Expr { Kind = Pg.A_Expr_Kind.AexprOp, Lexpr = left, Rexpr = right, Location = -1 };
        concatenation.Name.Add(PgNodes.StringNode("||"));
        return PgNodes.Wrap(concatenation);
    }

    private static Pg.Node Upper(Pg.Node value) => PgNodes.FuncCall(["upper"], value);

    private static Pg.Node Lower(Pg.Node value) => PgNodes.FuncCall(["lower"], value);
}
