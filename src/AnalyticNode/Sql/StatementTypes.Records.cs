using HtapRouter.AnalyticNode.Engine.Types;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

internal sealed partial class StatementTypes
{
    /// <summary>
    /// The ROW(...) result columns of the outermost SELECT that hold character(n) or character varying fields, by position:
    /// record_send gives each field's own type, and DuckDB's STRUCT has a plain VARCHAR there. Read it before the
    /// statement is rewritten (padding a character(n) field makes it text).
    /// </summary>
    public IReadOnlyList<CharColumn?> RecordColumns(Pg.SelectStmt? select)
    {
        if (select is not { Op: Pg.SetOperation.SetopNone, ValuesLists.Count: 0 } || !select.TargetList.Any(t => t.ResTarget?.Val?.RowExpr is not null))
        {
            return [];
        }

        var records = new List<CharColumn?>();
        foreach (var item in select.TargetList)
        {
            var value = item.ResTarget?.Val;
            if (value?.ColumnRef is { } star && star.Fields[^1].NodeCase == Pg.Node.NodeOneofCase.AStar)
            {
                if (Expand(select, star, 0) is not { } expanded)
                {
                    break;
                }

                records.AddRange(new CharColumn?[expanded.Count]);
                continue;
            }

            records.Add(value?.RowExpr is { } row ? RecordMark(row, 0) : null);
        }

        return records;
    }

    /// <summary>A record's mark, holding its fields' marks, when any field is character, character varying or such a record.</summary>
    private CharColumn? RecordMark(Pg.RowExpr row, int depth)
    {
        var fields = row.Args.Select(field => field.RowExpr is { } nested
            ? depth < MaxDepth ? RecordMark(nested, depth + 1) : null
            : TypeOf(field)?.Oid switch
            {
                PgTypeOid.BpChar => new CharColumn(PgTypeOid.BpChar, PgTypmod.None, 0),
                PgTypeOid.Varchar => new CharColumn(PgTypeOid.Varchar, PgTypmod.None, 0),
                _ => (CharColumn?)null,
            }).ToArray();
        return fields.Any(f => f is not null) ? new CharColumn(PgTypeOid.Record, PgTypmod.None, 0) { Fields = fields } : null;
    }
}
