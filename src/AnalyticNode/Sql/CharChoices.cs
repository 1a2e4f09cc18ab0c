using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// A result column that is CASE or COALESCE over character(n) values of different lengths, or with string constants,
/// is character without a length in PostgreSQL, and each value keeps its own padding: <c>coalesce(c, 'x')</c> with
/// c character(10) prints 'BUILDING  ' and 'x'. The stored values have no padding, and the column has no one width to
/// pad to, so each character(n) result is padded to its own n. Only in the outermost result columns: anywhere else the
/// value is compared or passed on, where PostgreSQL ignores the padding.
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
                if (result is not null && types.TypeOf(result) is { Oid: PgTypeOid.BpChar, CharWidth: > 0 and var width })
                {
                    PgNodes.Set(result, PgNodes.Unwrap(PgNodes.FuncCall(["rpad"], result.Clone(), PgNodes.IntegerConstant(width), PgNodes.StringConstant(" ")))!);
                    changed = true;
                }
            }
        }

        return changed;
    }
}
