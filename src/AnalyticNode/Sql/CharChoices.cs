using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// A result column that is CASE or COALESCE over character(n) values of different lengths, or with string constants,
/// is character without a length in PostgreSQL, and each value keeps its own padding: <c>coalesce(c, 'x')</c> with
/// c character(10) prints 'BUILDING  ' and 'x'. The stored values have no padding, and the column has no one width to
/// pad to, so each character(n) result is padded to its own n. A character(n) field of a ROW(...) result keeps its
/// padding too (record_out prints the field as bpchar prints it), and DuckDB's STRUCT holds the stored value without it.
/// Only in the outermost result columns: anywhere else the value is compared or passed on, where PostgreSQL ignores the
/// padding.
/// </summary>
internal static class CharChoices
{
    /// <summary>Pads the character(n) results of such columns of <paramref name="select"/>; true when it changed any.</summary>
    public static bool Pad(Pg.SelectStmt? select, StatementTypes types)
    {
        if (select is not { Op: Pg.SetOperation.SetopNone })
        {
            return false;
        }

        var changed = false;
        foreach (var item in select.TargetList)
        {
            if (item.ResTarget?.Val is { RowExpr: { } row })
            {
                changed |= PadFields(row, types, 0);
                continue;
            }

            if (item.ResTarget?.Val is not { } value || types.TypeOf(value) is not { Oid: PgTypeOid.BpChar, CharWidth: 0 })
            {
                continue;
            }

            var results = value.NodeCase switch
            {
                Pg.Node.NodeOneofCase.CoalesceExpr => value.CoalesceExpr.Args.ToList(),
                Pg.Node.NodeOneofCase.CaseExpr => [.. value.CaseExpr.Args.Select(a => a.CaseWhen.Result), value.CaseExpr.Defresult],
                _ => [],
            };
            foreach (var result in results)
            {
                changed |= result is not null && PadToWidth(result, types);
            }
        }

        return changed;
    }

    /// <summary>Pads the character(n) fields of a ROW(...), and of the rows nested in it; true when it padded any.</summary>
    private static bool PadFields(Pg.RowExpr row, StatementTypes types, int depth)
    {
        var changed = false;
        foreach (var field in row.Args)
        {
            changed |= field.RowExpr is { } nested ? depth < MaxDepth && PadFields(nested, types, depth + 1) : PadToWidth(field, types);
        }

        return changed;
    }

    private const int MaxDepth = 32;

    /// <summary>Replaces a character(n) value of known n by the value padded with blanks to n; true when it did.</summary>
    private static bool PadToWidth(Pg.Node value, StatementTypes types)
    {
        if (types.TypeOf(value) is not { Oid: PgTypeOid.BpChar, CharWidth: > 0 and var width })
        {
            return false;
        }

        PgNodes.Set(value, PgNodes.Unwrap(PgNodes.FuncCall(["rpad"], value.Clone(), PgNodes.IntegerConstant(width), PgNodes.StringConstant(" ")))!);
        return true;
    }
}
