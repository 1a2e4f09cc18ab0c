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
    public static Pg.Node? Function(string name, Pg.FuncCall call, StatementTypes types) => (name, call.Args.Count) switch
    {
        ("json_build_object" or "jsonb_build_object", _) => Typed(name, BuildObject(call, types)),
        ("json_build_array" or "jsonb_build_array", _) => Typed(name, BuildArray(call, types)),
        ("row_to_json", 1) => RowToJson(call.Args[0], types),
        ("to_json" or "to_jsonb", 1) => Typed(name, Strict(call.Args[0], types)),
        ("json_agg" or "jsonb_agg", 1) => Typed(name, Aggregate(call, "[", ", ", "]", ValueText(call.Args[0], types))),
        ("json_object_agg" or "jsonb_object_agg", 2) => Typed(name, Aggregate(call, "{ ", ", ", " }",
            Concat(KeyText(call.Args[0], types), PgNodes.StringConstant(" : "), ValueText(call.Args[1], types)))),
        ("json_typeof" or "jsonb_typeof", 1) => Call(JsonFunctions.TypeOf, Text(call.Args[0])),
        ("json_array_length" or "jsonb_array_length", 1) => Call(JsonFunctions.ArrayLength, Text(call.Args[0])),
        ("jsonb_strip_nulls", 1) => Call(JsonFunctions.StripNulls, Text(call.Args[0])),
        ("jsonb_pretty", 1) => Call(JsonFunctions.Pretty, Text(call.Args[0])),
        ("json_extract_path" or "jsonb_extract_path", > 1) => Call(JsonFunctions.Path, Text(call.Args[0]), PathOf(call.Args.Skip(1))),
        ("json_extract_path_text" or "jsonb_extract_path_text", > 1) =>
            Call(JsonFunctions.AsText, Call(JsonFunctions.Path, Text(call.Args[0]), PathOf(call.Args.Skip(1)))),
        _ => null,
    };

    /// <summary>The set-returning json functions: their mode for <see cref="JsonFunctions.SetOf"/> and their columns' names and types.</summary>
    private static (string Mode, (string Name, uint Oid)[] Columns)? SetFunction(Pg.FuncCall call) =>
        call is not { Args.Count: 1, Over: null } || call.Funcname is [{ String.Sval: not "pg_catalog" }, _] ? null
        : call.Funcname[^1].String?.Sval switch
        {
            "json_array_elements" => ("elements", [("value", PgTypeOid.Json)]),
            "jsonb_array_elements" => ("elements", [("value", PgTypeOid.Jsonb)]),
            "json_array_elements_text" or "jsonb_array_elements_text" => ("elements_text", [("value", PgTypeOid.Text)]),
            "json_object_keys" => ("keys", [("json_object_keys", PgTypeOid.Text)]),
            "jsonb_object_keys" => ("keys", [("jsonb_object_keys", PgTypeOid.Text)]),
            "json_each" => ("each", [("key", PgTypeOid.Text), ("value", PgTypeOid.Json)]),
            "jsonb_each" => ("each", [("key", PgTypeOid.Text), ("value", PgTypeOid.Jsonb)]),
            "json_each_text" or "jsonb_each_text" => ("each_text", [("key", PgTypeOid.Text), ("value", PgTypeOid.Text)]),
            _ => null,
        };

    /// <summary>The columns of a set-returning json function in FROM, named as PostgreSQL names them (the alias's column names first).</summary>
    public static List<(string, PgType?)>? SetColumns(Pg.RangeFunction range)
    {
        if (range is not { IsRowsfrom: false, Coldeflist.Count: 0, Functions: [{ List.Items: [{ FuncCall: { } call }, ..] }] }
            || SetFunction(call) is not { } set)
        {
            return null;
        }

        var names = range.Alias?.Colnames.Select(c => c.String.Sval).ToArray() ?? [];
        var columns = set.Columns.Select((c, i) => (i < names.Length ? names[i] : set.Columns.Length == 1 && range.Alias is not null && names.Length == 0 && c.Name != "value" ? range.Alias.Aliasname : c.Name, (PgType?)new PgType(c.Oid))).ToList();
        if (range.Ordinality)
        {
            columns.Add((names.Length > set.Columns.Length ? names[set.Columns.Length] : "ordinality", new PgType(PgTypeOid.Int8)));
        }

        return columns;
    }

    /// <summary><c>SELECT jsonb_array_elements(b)</c>: the rows unnested from a list.</summary>
    public static Pg.Node? SetInSelectList(Pg.Node value)
    {
        if (value.FuncCall is not { } call || SetFunction(call) is not { } set || set.Columns.Length != 1)
        {
            return null;
        }

        return PgNodes.FuncCall(["unnest"], Rows(call, set.Mode));
    }

    /// <summary>The alias of the rows inside a rewritten FROM item, which tells the walk that it is already rewritten.</summary>
    private const string SetRows = "htap_json_rows";

    /// <summary><c>FROM jsonb_each(b) [WITH ORDINALITY] [e(k, v)]</c>: a lateral subquery over the unnested list.</summary>
    public static Pg.Node? SetInFrom(Pg.RangeFunction range)
    {
        if (range is not { IsRowsfrom: false, Coldeflist.Count: 0, Functions: [{ List.Items: [{ FuncCall: { } call }, ..] }] }
            || range.Alias?.Aliasname == SetRows || SetFunction(call) is not { } set || SetColumns(range) is not { } columns)
        {
            return null;
        }

        var rows = new Pg.RangeFunction { Ordinality = range.Ordinality, Alias = new Pg.Alias { Aliasname = SetRows } };
        var list = new Pg.List();
        list.Items.Add(PgNodes.FuncCall(["unnest"], Rows(call, set.Mode)));
        list.Items.Add(new Pg.Node { List = new Pg.List() });
        rows.Functions.Add(new Pg.Node { List = list });
        rows.Alias.Colnames.Add(PgNodes.StringNode("r"));
        if (range.Ordinality)
        {
            rows.Alias.Colnames.Add(PgNodes.StringNode("n"));
        }

        var select = new Pg.SelectStmt { LimitOption = Pg.LimitOption.Default, Op = Pg.SetOperation.SetopNone };
        select.FromClause.Add(PgNodes.Wrap(rows));
        var row = PgNodes.ColumnRef(SetRows, "r");
        for (var i = 0; i < set.Columns.Length; i++)
        {
            var field = set.Columns.Length == 1 ? row : Item(PgNodes.FuncCall(["from_json"], row, PgNodes.StringConstant("[\"VARCHAR\"]")), i + 1);
            select.TargetList.Add(Target(field, columns[i].Item1));
        }

        if (range.Ordinality)
        {
            select.TargetList.Add(Target(PgNodes.ColumnRef(SetRows, "n"), columns[^1].Item1));
        }

        var relation = range.Alias?.Aliasname is { Length: > 0 } alias ? alias : call.Funcname[^1].String.Sval;
        return PgNodes.Wrap(new Pg.RangeSubselect { Lateral = true, Subquery = PgNodes.Wrap(select), Alias = new Pg.Alias { Aliasname = relation } });
    }

    private static Pg.Node Rows(Pg.FuncCall call, string mode) =>
        PgNodes.FuncCall(["from_json"], Call(JsonFunctions.Set, call.Funcname[^1].String.Sval.StartsWith("jsonb", StringComparison.Ordinal)
            ? Call(JsonFunctions.JsonbIn, Text(call.Args[0])) : Text(call.Args[0]), PgNodes.StringConstant(mode)), PgNodes.StringConstant("[\"VARCHAR\"]"));

    private static Pg.Node Item(Pg.Node list, int index)
    {
        var indirection = new Pg.A_Indirection { Arg = list };
        indirection.Indirection.Add(PgNodes.Wrap(new Pg.A_Indices { Uidx = PgNodes.IntegerConstant(index) }));
        return PgNodes.Wrap(indirection);
    }

    private static Pg.Node Target(Pg.Node value, string name) => PgNodes.Wrap(new Pg.ResTarget { Name = name, Val = value, Location = -1 });

    /// <summary>The result type of a json function the node answers.</summary>
    public static PgType? FunctionType(string name, Pg.FuncCall call) => name switch
    {
        "json_typeof" or "jsonb_typeof" or "json_extract_path_text" or "jsonb_extract_path_text" or "jsonb_pretty" => new PgType(PgTypeOid.Text),
        "json_array_length" or "jsonb_array_length" => new PgType(PgTypeOid.Int4),
        "json_array_elements" => new PgType(PgTypeOid.Json),
        "jsonb_array_elements" => new PgType(PgTypeOid.Jsonb),
        "json_array_elements_text" or "jsonb_array_elements_text" or "json_object_keys" or "jsonb_object_keys" => new PgType(PgTypeOid.Text),
        "row_to_json" or "json_extract_path" or "json_build_object" or "json_build_array" or "to_json" or "json_agg" or "json_object_agg" => new PgType(PgTypeOid.Json),
        "jsonb_build_object" or "jsonb_build_array" or "to_jsonb" or "jsonb_agg" or "jsonb_object_agg" => new PgType(PgTypeOid.Jsonb),
        "jsonb_extract_path" or "jsonb_strip_nulls" => new PgType(PgTypeOid.Jsonb),
        _ => null,
    };

    /// <summary>A jsonb constructor's text in jsonb's normal form; a json one's as built.</summary>
    private static Pg.Node Typed(string name, Pg.Node json) => name.StartsWith("jsonb", StringComparison.Ordinal) ? Call(JsonFunctions.JsonbIn, json) : json;

    /// <summary>json_build_object: <c>{"a" : 1, "b" : 2}</c>.</summary>
    private static Pg.Node BuildObject(Pg.FuncCall call, StatementTypes types)
    {
        if (call.Args.Count % 2 != 0)
        {
            throw new PgErrorException(SqlState.InvalidParameterValue, "argument list must have even number of elements");
        }

        var parts = new List<Pg.Node> { PgNodes.StringConstant("{") };
        for (var i = 0; i < call.Args.Count; i += 2)
        {
            parts.Add(PgNodes.StringConstant(i == 0 ? "" : ", "));
            parts.Add(KeyText(call.Args[i], types));
            parts.Add(PgNodes.StringConstant(" : "));
            parts.Add(ValueText(call.Args[i + 1], types));
        }

        parts.Add(PgNodes.StringConstant("}"));
        return Concat([.. parts]);
    }

    /// <summary>row_to_json of a FROM item's row or of ROW(...): <c>{"a":1,"b":"x"}</c>, compact.</summary>
    private static Pg.Node RowToJson(Pg.Node row, StatementTypes types)
    {
        List<(string Name, Pg.Node Value)> fields;
        if (row.ColumnRef is { Fields: [{ String.Sval: { } relation }] } && types.RelationColumns(relation) is { } columns)
        {
            fields = columns.Select(c => (c.Name, PgNodes.ColumnRef(relation, c.Name))).ToList();
        }
        else if (row.RowExpr is { } expression)
        {
            fields = expression.Args.Select((a, i) => ($"f{i + 1}", a)).ToList();
        }
        else
        {
            throw Unsupported("row_to_json of this value");
        }

        var parts = new List<Pg.Node> { PgNodes.StringConstant("{") };
        for (var i = 0; i < fields.Count; i++)
        {
            parts.Add(PgNodes.StringConstant((i == 0 ? "" : ",") + Quoted(fields[i].Name) + ":"));
            parts.Add(ValueText(fields[i].Value, types));
        }

        parts.Add(PgNodes.StringConstant("}"));
        return Concat([.. parts]);
    }

    /// <summary>json_build_array: <c>[1, "a", null]</c>.</summary>
    private static Pg.Node BuildArray(Pg.FuncCall call, StatementTypes types)
    {
        var parts = new List<Pg.Node> { PgNodes.StringConstant("[") };
        for (var i = 0; i < call.Args.Count; i++)
        {
            parts.Add(PgNodes.StringConstant(i == 0 ? "" : ", "));
            parts.Add(ValueText(call.Args[i], types));
        }

        parts.Add(PgNodes.StringConstant("]"));
        return Concat([.. parts]);
    }

    /// <summary>json_agg's and json_object_agg's text: the elements joined in the aggregate's order, NULL over no rows.</summary>
    private static Pg.Node Aggregate(Pg.FuncCall call, string open, string separator, string close, Pg.Node element)
    {
        if (call.Over is not null || call.AggDistinct || call.AggWithinGroup)
        {
            throw Unsupported("json aggregates with DISTINCT or OVER are");
        }

        var joined = PgNodes.FuncCall(["string_agg"], element, PgNodes.StringConstant(separator));
        joined.FuncCall.AggOrder.AddRange(call.AggOrder);
        joined.FuncCall.AggFilter = call.AggFilter;
        return Concat(PgNodes.StringConstant(open), joined, PgNodes.StringConstant(close));
    }

    /// <summary>An object key: a string, never NULL.</summary>
    private static Pg.Node KeyText(Pg.Node key, StatementTypes types) => key switch
    {
        { AConst.Sval.Sval: { } text } => PgNodes.StringConstant(Quoted(text)),
        { AConst.Isnull: true } => throw new PgErrorException(SqlState.InvalidParameterValue, "null value not allowed for object key"),
        { AExpr: { Kind: Pg.A_Expr_Kind.AexprOp, Name: [{ String.Sval: "||" }] } } => Call(JsonFunctions.Quote, Text(key)),
        _ when types.TypeOf(key)?.Oid is PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 =>
            Call(JsonFunctions.Quote, Text(key)),
        _ => throw Unsupported("a json object key of this type"),
    };

    /// <summary>A value as to_json writes it, <c>null</c> for NULL.</summary>
    private static Pg.Node ValueText(Pg.Node value, StatementTypes types) => value.AConst is not null
        ? Strict(value, types)
        : new Pg.Node { CoalesceExpr = new Pg.CoalesceExpr { Args = { Strict(value, types), PgNodes.StringConstant("null") }, Location = -1 } };

    /// <summary>to_json of a value: NULL for NULL.</summary>
    private static Pg.Node Strict(Pg.Node value, StatementTypes types) => value switch
    {
        { AConst.Isnull: true } => PgNodes.StringConstant("null"),
        { AConst.Sval.Sval: { } text } => PgNodes.StringConstant(Quoted(text)),
        { AConst.Ival: { } number } => PgNodes.StringConstant(number.Ival.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        { AConst.Fval.Fval: { } number } => PgNodes.StringConstant(number),
        { AConst.Boolval: { } flag } => PgNodes.StringConstant(flag.Boolval ? "true" : "false"),
        _ => types.TypeOf(value)?.Oid switch
        {
            PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric or PgTypeOid.Bool or PgTypeOid.Json or PgTypeOid.Jsonb => Text(value),
            PgTypeOid.Text or PgTypeOid.Varchar => Call(JsonFunctions.Quote, Text(value)),
            _ => throw Unsupported("to_json of a value of this type"),
        },
    };

    private static string Quoted(string text)
    {
        var quoted = new System.Text.StringBuilder(text.Length + 2);
        JsonFunctions.WriteString(quoted, text);
        return quoted.ToString();
    }

    private static Pg.Node Concat(params Pg.Node[] parts) => parts.Skip(1).Aggregate(parts[0], (left, right) =>
        new Pg.Node { AExpr = new Pg.A_Expr { Kind = Pg.A_Expr_Kind.AexprOp, Name = { PgNodes.StringNode("||") }, Lexpr = left, Rexpr = right, Location = -1 } });

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
