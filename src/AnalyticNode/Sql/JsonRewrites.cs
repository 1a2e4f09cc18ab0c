using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// json and jsonb on the parse tree: the operators (-> ->> #> #>> @> &lt;@ ? ?| ?&amp;), the casts to json and jsonb
/// and the scalar functions become calls of <see cref="JsonFunctions"/>, which answer over the values' text as
/// PostgreSQL prints them. DuckDB's parser has no #> (# is its positional reference) and its -> reads JSON paths.
/// </summary>
internal static class JsonRewrites
{
    /// <summary>The replacement for a json operator, or null to keep it.</summary>
    public static Pg.Node? Operator(Pg.A_Expr expression, StatementTypes types)
    {
        if (expression is not { Kind: Pg.A_Expr_Kind.AexprOp, Lexpr: { } left, Rexpr: { } right, Name: [.., { String.Sval: var op }] })
        {
            return null;
        }

        var leftType = types.TypeOf(left)?.Oid;
        var isJson = leftType is PgTypeOid.Json or PgTypeOid.Jsonb;
        switch (op)
        {
            case "->" or "->>" when isJson:
                var value = IsInteger(right, types)
                    ? Call(leftType == PgTypeOid.Jsonb ? JsonFunctions.JsonbElement : JsonFunctions.Element, Text(left), PgNodes.TypeCast(right, PgNodes.TypeName("int8")))
                    : Call(JsonFunctions.Field, Text(left), Text(right));
                return op == "->" ? value : Call(JsonFunctions.AsText, value);
            case "#>" or "#>>":
                var path = Call(JsonFunctions.Path, Text(left), PathArgument(right));
                return op == "#>" ? path : Call(JsonFunctions.AsText, path);
            case "@>" or "<@" when leftType == PgTypeOid.Jsonb || types.TypeOf(right)?.Oid == PgTypeOid.Jsonb:
                return op == "@>" ? Call(JsonFunctions.Contains, Text(left), Text(right)) : Call(JsonFunctions.Contains, Text(right), Text(left));
            case "?":
                return Call(JsonFunctions.Exists, Text(left), Text(right));
            case "?|":
                return Call(JsonFunctions.ExistsAny, Text(left), PathArgument(right));
            case "?&":
                return Call(JsonFunctions.ExistsAll, Text(left), PathArgument(right));
            default:
                return null;
        }
    }

    /// <summary>The type of a json operator's result: json or jsonb as its left side for -> and #>, text for ->> and #>>, boolean for the tests.</summary>
    public static PgType? OperatorType(string op, PgType? left) => op switch
    {
        "->" or "#>" when left?.Oid is PgTypeOid.Json or PgTypeOid.Jsonb => new PgType(left.Value.Oid),
        "->>" or "#>>" when left?.Oid is PgTypeOid.Json or PgTypeOid.Jsonb => new PgType(PgTypeOid.Text),
        _ => null,
    };

    /// <summary><c>x::jsonb</c> is its normal form; <c>x::json</c> its text, once checked.</summary>
    public static Pg.Node? Cast(Pg.TypeCast cast) => cast switch
    {
        { Arg: { } value, TypeName: { ArrayBounds.Count: 0, Names: [.., { String.Sval: "jsonb" }] } } => Call(JsonFunctions.JsonbIn, Text(value)),
        { Arg: { } value, TypeName: { ArrayBounds.Count: 0, Names: [.., { String.Sval: "json" }] } } => Call(JsonFunctions.JsonIn, Text(value)),
        _ => null,
    };

    /// <summary>The replacement for a json function, or null to keep it.</summary>
    public static Pg.Node? Function(string name, Pg.FuncCall call) => (name, call.Args.Count) switch
    {
        ("json_typeof" or "jsonb_typeof", 1) => Call(JsonFunctions.TypeOf, Text(call.Args[0])),
        ("json_array_length" or "jsonb_array_length", 1) => Call(JsonFunctions.ArrayLength, Text(call.Args[0])),
        ("jsonb_strip_nulls", 1) => Call(JsonFunctions.StripNulls, Text(call.Args[0])),
        ("jsonb_pretty", 1) => Call(JsonFunctions.Pretty, Text(call.Args[0])),
        ("json_extract_path" or "jsonb_extract_path", > 1) => Call(JsonFunctions.Path, Text(call.Args[0]), PathOf(call.Args.Skip(1))),
        ("json_extract_path_text" or "jsonb_extract_path_text", > 1) =>
            Call(JsonFunctions.AsText, Call(JsonFunctions.Path, Text(call.Args[0]), PathOf(call.Args.Skip(1)))),
        _ => null,
    };

    /// <summary>The result type of a json function the node answers.</summary>
    public static PgType? FunctionType(string name, Pg.FuncCall call) => name switch
    {
        "json_typeof" or "jsonb_typeof" or "json_extract_path_text" or "jsonb_extract_path_text" or "jsonb_pretty" => new PgType(PgTypeOid.Text),
        "json_array_length" or "jsonb_array_length" => new PgType(PgTypeOid.Int4),
        "json_extract_path" => new PgType(PgTypeOid.Json),
        "jsonb_extract_path" or "jsonb_strip_nulls" => new PgType(PgTypeOid.Jsonb),
        _ => null,
    };

    private static bool IsInteger(Pg.Node node, StatementTypes types) =>
        node.AConst?.Ival is not null || types.TypeOf(node)?.Oid is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8;

    /// <summary>A text[] path as its literal: a string constant as written, ARRAY['a', 'b'] of constants spelled as one.</summary>
    private static Pg.Node PathArgument(Pg.Node right)
    {
        var value = right.TypeCast is { Arg: { } inner } ? inner : right;
        return value switch
        {
            { AConst.Sval.Sval: { } literal } => PgNodes.StringConstant(literal),
            { AArrayExpr.Elements: var elements } => PathOf(elements),
            _ => throw Unsupported("a json path that is not a constant"),
        };
    }

    private static Pg.Node PathOf(IEnumerable<Pg.Node> steps)
    {
        var texts = steps.Select(s => (s.TypeCast?.Arg ?? s) switch
        {
            { AConst.Sval.Sval: { } text } => text,
            { AConst.Ival: { } number } => number.Ival.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw Unsupported("a json path that is not a constant"),
        });
        return PgNodes.StringConstant("{" + string.Join(',', texts.Select(t => "\"" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "}");
    }

    private static PgErrorException Unsupported(string what) => new(SqlState.FeatureNotSupported, $"{what} is not supported on the analytic node");

    private static Pg.Node Text(Pg.Node value) => PgNodes.TypeCast(value, PgNodes.TypeName("varchar"));

    private static Pg.Node Call(string name, params Pg.Node[] arguments) => PgNodes.FuncCall([name], arguments);
}
