using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// Functions whose DuckDB result type differs from PostgreSQL's, so that RowDescription and binary results would
/// differ: string lengths and positions are integer (DuckDB: BIGINT), sum of smallint or integer is bigint (DuckDB:
/// HUGEINT), date_trunc of a date is a timestamp with time zone (DuckDB: timestamp). The call is renamed to DuckDB's own schema so that the walk does not take it for PostgreSQL's again.
/// </summary>
internal static partial class FunctionResultTypes
{
    private const string DuckDbSchema = "main";

    /// <summary>The replacement for a call of <paramref name="name"/> (unqualified or pg_catalog), or null to keep it.</summary>
    public static Pg.Node? Replace(string name, Pg.FuncCall call, StatementTypes types)
    {
        switch (name)
        {
            case "length" or "char_length" or "character_length" when call.Args.Count == 1 && IsBytea(call.Args[0], types):
                return Integer(Call("octet_length", call));
            case "length" or "char_length" or "character_length" or "strpos" or "position" or "ascii" or "array_position"
                or "ntile":
                return Integer(Call(name == "character_length" ? "length" : name, call));
            case "octet_length" when call.Args.Count == 1 && types.TypeOf(call.Args[0]) is { Oid: PgTypeOid.BpChar, CharWidth: > 0 } padded:
                // character(n) is stored without its padding, which PostgreSQL counts.
                return Integer(Add(Call("strlen", call), Subtract(PgNodes.IntegerConstant(padded.CharWidth), Call("length", call))));
            case "octet_length" when call.Args.Count == 1:
                // DuckDB has octet_length for BLOB only; a string's length in bytes is strlen.
                return Integer(Call(IsBytea(call.Args[0], types) ? "octet_length" : "strlen", call));
            case "bit_length" when call.Args.Count == 1 && !IsBytea(call.Args[0], types):
                return Integer(Multiply(Call("strlen", call), 8));
            case "array_length" when call.Args.Count == 2:
                // PostgreSQL gives NULL for an empty array; DuckDB gives 0.
                var length = Call("array_length", call);
                return Integer(NullIfZero(length));
            case "cardinality" when call.Args.Count == 1:
                return Integer(Call("len", call));
            case "sum" when call.Args.Count == 1 && !call.AggDistinct && types.TypeOf(call.Args[0])?.Oid is PgTypeOid.Int2 or PgTypeOid.Int4:
                return Cast(Call("sum", call), "int8");
            case "date_trunc" when call.Args.Count == 2 && types.TypeOf(call.Args[1])?.Oid == PgTypeOid.Date:
                // PostgreSQL truncates a date as a timestamp with time zone, in the session's time zone.
                var truncated = call.Clone();
                truncated.Args[1] = Cast(truncated.Args[1], "timestamptz");
                return PgNodes.Wrap(truncated);
            case "generate_series" when call.Args.Count == 3 && types.TypeOf(call.Args[0])?.Oid == PgTypeOid.Date:
                // A date series is one of timestamps with time zone (the dates taken at midnight in the session's zone).
                var series = call.Clone();
                series.Args[0] = Cast(series.Args[0], "timestamptz");
                series.Args[1] = Cast(series.Args[1], "timestamptz");
                return PgNodes.Wrap(series);
            case "array_agg" when call.Args.Count == 1 && types.TypeOf(call.Args[0]) is { Oid: PgTypeOid.BpChar, CharWidth: > 0 } padded:
                // character(n) is stored without its padding, which the array's elements keep in PostgreSQL.
                var aggregate = Call("array_agg", call);
                aggregate.FuncCall.Args[0] = PgNodes.FuncCall(["rpad"], call.Args[0], PgNodes.IntegerConstant(padded.CharWidth), PgNodes.StringConstant(" "));
                return aggregate;
            case "div" when call.Args.Count == 2:
                return PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_numeric_int_div"], call.Args[0], call.Args[1]);
            case "justify_hours" or "justify_days" or "justify_interval" when call.Args.Count == 1:
                return PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_" + name], call.Args[0]);
            case "percentile_cont" when call is { AggWithinGroup: true, AggOrder: [{ SortBy.Node: { } key }] }
                && types.TypeOf(key)?.Oid is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric or PgTypeOid.Float4:
                // percentile_cont(float8) takes the values as double precision; DuckDB interpolates a DECIMAL in its
                // own scale (3349.185 would be 3349.18).
                var continuous = call.Clone();
                continuous.AggOrder[0].SortBy.Node = Cast(key, "float8");
                return PgNodes.Wrap(continuous);
            case "every":
                return Call("bool_and", call);
            case "btrim" or "ltrim" or "rtrim" when call.Args.Count is 1 or 2:
                // trim(x), trim(both 'c' from x), btrim, ltrim and rtrim: DuckDB has no btrim, and without characters
                // its trim also takes tabs and newlines, where PostgreSQL takes the space only.
                var trimmed = Call(name == "btrim" ? "trim" : name, call);
                if (call.Args.Count == 1)
                {
                    trimmed.FuncCall.Args.Add(PgNodes.StringConstant(" "));
                }

                return trimmed;
            case "round" when call.Args.Count == 1 && types.TypeOf(call.Args[0])?.Oid is PgTypeOid.Float8 or PgTypeOid.Float4:
                // rint: halfway cases go to the even neighbour.
                return PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_rint"], call.Args[0]);
            default:
                return null;
        }
    }

    private static bool IsBytea(Pg.Node argument, StatementTypes types) => types.TypeOf(argument)?.Oid == PgTypeOid.Bytea;

    /// <summary>The same call (arguments, FILTER, OVER, ORDER BY) of DuckDB's function <paramref name="function"/>.</summary>
    private static Pg.Node Call(string function, Pg.FuncCall call)
    {
        var renamed = call.Clone();
        renamed.Funcname.Clear();
        renamed.Funcname.Add(PgNodes.StringNode(DuckDbSchema));
        renamed.Funcname.Add(PgNodes.StringNode(function));
        renamed.Funcformat = Pg.CoercionForm.CoerceExplicitCall;
        return PgNodes.Wrap(renamed);
    }

    private static Pg.Node NullIfZero(Pg.Node value)
    {
        var nullIf = new Pg.A_Expr { Kind = Pg.A_Expr_Kind.AexprNullif, Lexpr = value, Rexpr = PgNodes.IntegerConstant(0), Location = -1 };
        nullIf.Name.Add(PgNodes.StringNode("="));
        return PgNodes.Wrap(nullIf);
    }

    private static Pg.Node Multiply(Pg.Node value, int factor) => Operator("*", value, PgNodes.IntegerConstant(factor));

    private static Pg.Node Add(Pg.Node left, Pg.Node right) => Operator("+", left, right);

    private static Pg.Node Subtract(Pg.Node left, Pg.Node right) => Operator("-", left, right);

    private static Pg.Node Operator(string name, Pg.Node left, Pg.Node right)
    {
        var expression = new Pg.A_Expr { Kind = Pg.A_Expr_Kind.AexprOp, Lexpr = left, Rexpr = right, Location = -1 };
        expression.Name.Add(PgNodes.StringNode(name));
        return PgNodes.Wrap(expression);
    }

    private static Pg.Node Integer(Pg.Node value) => Cast(value, "int4");

    private static Pg.Node Cast(Pg.Node value, string type) => PgNodes.TypeCast(value, PgNodes.TypeName(type));
}
