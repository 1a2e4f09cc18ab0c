using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// generate_series of integers is of integers in PostgreSQL (of bigints only when an argument is one); DuckDB's gives
/// BIGINT whatever its arguments, in the select list and in FROM alike.
/// </summary>
internal static partial class FunctionResultTypes
{
    private const string Series = "generate_series";

    private const string Ordinality = "ordinality";

    /// <summary>The alias of the series inside a rewritten FROM item, which tells the walk that it is already rewritten.</summary>
    private const string SeriesRows = "htap_series";

    /// <summary>
    /// <c>SELECT generate_series(1, 3)</c>: a set-returning function in the select list gives rows in PostgreSQL and one
    /// list in DuckDB, so the list is unnested; a series of integers is of integers.
    /// </summary>
    public static Pg.Node? SeriesInSelectList(Pg.Node value, StatementTypes types)
    {
        if (value.FuncCall is not { Over: null } call || !IsSeries(call))
        {
            return null;
        }

        var rows = PgNodes.FuncCall(["unnest"], value.Clone());
        return IsIntegerSeries(call, types) ? Integer(rows) : rows;
    }

    /// <summary>
    /// <c>FROM generate_series(1, 3) [WITH ORDINALITY] [s[(x[, n])]]</c>: a series of integers becomes a subquery that
    /// casts DuckDB's bigints back, named as PostgreSQL names the function's relation and columns (the function, else
    /// the alias, else the column alias; then <c>ordinality</c>). Null when the item is not such a series.
    /// </summary>
    public static Pg.Node? SeriesInFrom(Pg.RangeFunction range, StatementTypes types)
    {
        if (range is not { IsRowsfrom: false, Coldeflist.Count: 0, Functions: [{ List.Items: [{ FuncCall: { } call }, ..] }] }
            || range.Alias?.Aliasname == SeriesRows || !IsSeries(call) || !IsIntegerSeries(call, types))
        {
            return null;
        }

        var relation = range.Alias?.Aliasname is { Length: > 0 } alias ? alias : Series;
        var columns = range.Alias?.Colnames.Select(c => c.String.Sval).ToArray() ?? [];
        var rows = range.Clone();
        rows.Lateral = false;
        rows.Alias = new Pg.Alias { Aliasname = SeriesRows };
        rows.Alias.Colnames.Add(PgNodes.StringNode(Series));

        var select = new Pg.SelectStmt { LimitOption = Pg.LimitOption.Default, Op = Pg.SetOperation.SetopNone };
        select.FromClause.Add(PgNodes.Wrap(rows));
        select.TargetList.Add(Target(Integer(PgNodes.ColumnRef(SeriesRows, Series)), columns.Length > 0 ? columns[0] : relation));
        if (range.Ordinality)
        {
            rows.Alias.Colnames.Add(PgNodes.StringNode(Ordinality));
            select.TargetList.Add(Target(PgNodes.ColumnRef(SeriesRows, Ordinality), columns.Length > 1 ? columns[1] : Ordinality));
        }

        // Arguments that are not constants may name columns of the FROM items before it.
        var lateral = range.Lateral || call.Args.Any(a => a.NodeCase != Pg.Node.NodeOneofCase.AConst);
        return PgNodes.Wrap(new Pg.RangeSubselect { Lateral = lateral, Subquery = PgNodes.Wrap(select), Alias = new Pg.Alias { Aliasname = relation } });
    }

    /// <summary>PostgreSQL's generate_series, not one of DuckDB's schema or a user's: the two- and three-argument forms.</summary>
    private static bool IsSeries(Pg.FuncCall call) =>
        call is { Funcname: [.., { String.Sval: Series }], Args.Count: 2 or 3 } && call.Funcname is not [{ String.Sval: not "pg_catalog" }, _];

    /// <summary>generate_series(int4, int4[, int4]), which a smallint argument is promoted to; int8 and numeric series keep their type.</summary>
    private static bool IsIntegerSeries(Pg.FuncCall call, StatementTypes types) =>
        call.Args.All(a => a.AConst?.Ival is not null || types.TypeOf(a)?.Oid is PgTypeOid.Int4 or PgTypeOid.Int2);

    private static Pg.Node Target(Pg.Node value, string name) => PgNodes.Wrap(new Pg.ResTarget { Name = name, Val = value, Location = -1 });
}
