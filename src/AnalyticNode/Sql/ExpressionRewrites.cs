using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// PostgreSQL expressions DuckDB runs differently, rewritten to give PostgreSQL's answer: avg and numeric division
/// (<see cref="NumericAverages"/>), EXTRACT (numeric, PostgreSQL 14
/// and later) and date_part (double precision), encode and decode, division and modulo by zero (22012; DuckDB gives
/// NULL), interval times or by a number, to_char, and through <see cref="FunctionResultTypes"/>,
/// <see cref="OperatorRewrites"/>, <see cref="ArrayLiterals"/>, <see cref="TimeLiterals"/> and <see cref="CastRewrites"/>
/// result types, operators, array constants, time constants and casts. Replacements keep the original arguments, so the
/// walk goes on into them.
/// </summary>
internal static class ExpressionRewrites
{
    /// <summary>DuckDB's own date_part, named so that it is not taken for PostgreSQL's again.</summary>
    private static readonly string[] DatePart = ["main", "date_part"];

    /// <summary>The replacement for <paramref name="node"/>, or null to keep it.</summary>
    public static Pg.Node? Replace(Pg.Node node, StatementTypes types) => NumericAverages.ReplaceNested(node, types) ?? node.NodeCase switch
    {
        Pg.Node.NodeOneofCase.FuncCall => ReplaceFunction(node.FuncCall, types),
        Pg.Node.NodeOneofCase.AExpr when JsonRewrites.Operator(node.AExpr, types) is { } json => json,
        Pg.Node.NodeOneofCase.AExpr when ScaledInterval(node.AExpr, types) is { } scaled => scaled,
        Pg.Node.NodeOneofCase.AExpr when TypedArrayConstant(node.AExpr, types) is { } typed => typed,
        Pg.Node.NodeOneofCase.AExpr when IsDivision(node.AExpr) && !IsNonZeroConstant(node.AExpr.Rexpr) =>
            PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, node.AExpr.Name[0].String.Sval == "/" ? "htap_div" : "htap_mod"],
                node.AExpr.Lexpr, node.AExpr.Rexpr),
        Pg.Node.NodeOneofCase.AExpr => InetRewrites.ReplaceOperator(node.AExpr, types) ?? TrimCharComparison(node.AExpr, types) ?? TimeLiterals.ReplaceInComparison(node.AExpr, types)
            ?? OperatorRewrites.Replace(node.AExpr, types),
        Pg.Node.NodeOneofCase.AArrayExpr => ArrayLiterals.PadCharElements(node.AArrayExpr),
        Pg.Node.NodeOneofCase.TypeCast => InetRewrites.ReplaceCast(node.TypeCast, types) ?? JsonRewrites.Cast(node.TypeCast) ?? HexBytea(node.TypeCast) ?? ArrayLiterals.Replace(node.TypeCast) ?? TimeLiterals.Replace(node.TypeCast)
            ?? CastRewrites.Replace(node.TypeCast, types),
        _ => null,
    };

    /// <summary>
    /// <c>'\x0102'::bytea</c>: PostgreSQL reads the hex format (its default output, and what drivers send) as the
    /// bytes 01 02; DuckDB would read the escape \x01 and then the characters "02". unhex gives PostgreSQL's bytes.
    /// </summary>
    private static Pg.Node? HexBytea(Pg.TypeCast cast)
    {
        if (cast is not { Arg.AConst.Sval.Sval: { } text, TypeName.Names: [.., { String.Sval: "bytea" }] })
        {
            return null;
        }
        if (!text.StartsWith("\\x", StringComparison.OrdinalIgnoreCase) || text.Length % 2 != 0
            || text.AsSpan(2).ContainsAnyExcept(HexDigits))
        {
            return null;
        }
        return PgNodes.FuncCall(["unhex"], PgNodes.StringConstant(text[2..]));
    }

    /// <summary>
    /// <c>interval * n</c>, <c>n * interval</c> and <c>interval / n</c> as PostgreSQL computes them (<see cref="IntervalArithmetic"/>),
    /// the number taken as double precision as PostgreSQL takes it.
    /// </summary>
    private static Pg.Node? ScaledInterval(Pg.A_Expr expression, StatementTypes types)
    {
        if (expression is not { Kind: Pg.A_Expr_Kind.AexprOp, Name: [{ String.Sval: var op and ("*" or "/") }], Lexpr: { } left, Rexpr: { } right })
        {
            return null;
        }

        var (leftType, rightType) = (types.TypeOf(left)?.Oid, types.TypeOf(right)?.Oid);
        return op switch
        {
            "*" when leftType == PgTypeOid.Interval && IsNumber(rightType) =>
                PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_interval_mul"], left, right),
            "*" when IsNumber(leftType) && rightType == PgTypeOid.Interval =>
                PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_interval_mul"], right, left),
            "/" when leftType == PgTypeOid.Interval && IsNumber(rightType) =>
                PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_interval_div"], left, right),
            _ => null,
        };
    }

    /// <summary>
    /// <c>x = ANY ('{a,b}')</c>, <c>x &lt;&gt; ALL ('{1,2}')</c>: PostgreSQL reads the untyped constant as an array of x's
    /// type (text when x is untyped too); DuckDB would take the string for a subquery to unnest. The constant is cast to
    /// that array type, which <see cref="ArrayLiterals"/> then builds.
    /// </summary>
    private static Pg.Node? TypedArrayConstant(Pg.A_Expr expression, StatementTypes types)
    {
        if (expression is not { Kind: Pg.A_Expr_Kind.AexprOpAny or Pg.A_Expr_Kind.AexprOpAll, Lexpr: { } left, Rexpr.AConst.Sval: not null })
        {
            return null;
        }

        var element = left.AConst?.Sval is not null ? "text" : types.TypeOf(left)?.Oid switch
        {
            null => null,
            PgTypeOid.BpChar or PgTypeOid.Varchar or PgTypeOid.Text => "text",
            var oid => PgTypeCatalog.TryGetByOid(oid.Value, out var info) ? info.Name : null,
        };
        if (element is null)
        {
            return null;
        }

        var arrayType = PgNodes.TypeName(element);
        arrayType.ArrayBounds.Add(new Pg.Node { Integer = new Pg.Integer { Ival = -1 } });
        var typed = expression.Clone();
        typed.Rexpr = PgNodes.TypeCast(typed.Rexpr, arrayType);
        return PgNodes.Wrap(typed);
    }

    private static bool IsNumber(uint? type) =>
        type is PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8 or PgTypeOid.Numeric or PgTypeOid.Float4 or PgTypeOid.Float8;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary><c>a / b</c> or <c>a % b</c>: PostgreSQL names such a column ?column?.</summary>
    public static bool IsDivision(Pg.A_Expr expression) =>
        expression is { Kind: Pg.A_Expr_Kind.AexprOp, Lexpr: not null, Name: [{ String.Sval: "/" or "%" }] };

    /// <summary>
    /// <c>c = 'x  '</c> with c character(n): PostgreSQL compares without trailing blanks, and the stored values have none,
    /// so neither may the constants compared with them (=, &lt;&gt;, &lt;, IN, ...).
    /// </summary>
    private static Pg.Node? TrimCharComparison(Pg.A_Expr expression, StatementTypes types)
    {
        if (expression.Kind is not (Pg.A_Expr_Kind.AexprOp or Pg.A_Expr_Kind.AexprIn)
            || expression.Name is not [{ String.Sval: "=" or "<>" or "!=" or "<" or ">" or "<=" or ">=" }]
            || types.TypeOf(expression.Lexpr)?.Oid != PgTypeOid.BpChar)
        {
            return null;
        }

        if (!Constants(expression).Any(c => c.Sval.EndsWith(' ')))
        {
            return null;
        }

        var trimmed = expression.Clone();
        foreach (var constant in Constants(trimmed))
        {
            constant.Sval = constant.Sval.TrimEnd(' ');
        }

        return PgNodes.Wrap(trimmed);
    }

    /// <summary>The string constants on the right of a comparison or in an IN list.</summary>
    private static IEnumerable<Pg.String> Constants(Pg.A_Expr expression)
    {
        var items = expression.Rexpr?.List is { } list ? list.Items : [expression.Rexpr];
        foreach (var item in items)
        {
            if (item?.AConst?.Sval is { } text)
            {
                yield return text;
            }
        }
    }

    private static Pg.Node? ReplaceFunction(Pg.FuncCall call, StatementTypes types)
    {
        var name = call.Funcname.Count switch
        {
            1 => call.Funcname[0].String?.Sval,
            2 when call.Funcname[0].String?.Sval == "pg_catalog" => call.Funcname[1].String?.Sval,
            _ => null,
        };
        if (name is not null && JsonRewrites.Function(name, call, types) is { } json)
        {
            return json;
        }

        if (name is not null && (InetRewrites.ReplaceFunction(name, call, types) ?? FunctionResultTypes.Replace(name, call, types)) is { } typed)
        {
            return typed;
        }

        if (name == "to_char" && call.Args.Count == 2)
        {
            return DateFormats.Replace(call, types);
        }

        if (call.Args.Count != 2 || call.AggStar || call.Over is not null)
        {
            return null;
        }

        // extract(field, value) and date_part(field, value); encode(data, format) and decode(text, format).
        var (option, argument) = name is "encode" or "decode" ? (call.Args[1], call.Args[0]) : (call.Args[0], call.Args[1]);
        if (option.AConst?.Sval?.Sval?.ToLowerInvariant() is not { } constant)
        {
            return null;
        }

        return name switch
        {
            "extract" => Extract(constant, argument, types.TypeOf(argument)?.Oid, forDatePart: false),
            "date_part" => Cast(Extract(constant, argument, types.TypeOf(argument)?.Oid, forDatePart: true), "float8"),
            "encode" => Encode(constant, argument),
            "decode" => Decode(constant, argument),
            _ => null,
        };
    }

    /// <summary>
    /// EXTRACT as PostgreSQL 15 computes it: a numeric, with 6 decimals for seconds and epoch and 3 for milliseconds
    /// except from a date, which has whole units only (and no time fields). date_part takes a date as midnight.
    /// </summary>
    private static Pg.Node Extract(string field, Pg.Node argument, uint? type, bool forDatePart)
    {
        var isDate = type == PgTypeOid.Date && !forDatePart;
        switch (field)
        {
            case "hour" or "minute" or "second" or "milliseconds" or "microseconds" or "timezone" or "timezone_hour"
                or "timezone_minute" when isDate:
                throw new PgErrorException(SqlState.FeatureNotSupported, $"unit \"{field}\" not supported for type date");
            case "second" or "seconds":
                return Scaled(Part("microseconds", argument), 1_000_000, 6);
            case "millisecond" or "milliseconds":
                return Scaled(Part("microseconds", argument), 1_000, 3);
            case "epoch" when !isDate:
                return Cast(Part("epoch", argument), "numeric", 38, 6);
            default:
                return Cast(Part(field, argument), "hugeint");
        }
    }

    private static Pg.Node Part(string field, Pg.Node argument) => PgNodes.FuncCall(DatePart, PgNodes.StringConstant(field), argument);

    /// <summary>A whole count of units, as a numeric of <paramref name="scale"/> decimals in bigger units.</summary>
    private static Pg.Node Scaled(Pg.Node units, int perUnit, int scale)
    {
        var division = new Pg.A_Expr { Kind = Pg.A_Expr_Kind.AexprOp, Lexpr = Cast(units, "float8"), Rexpr = PgNodes.IntegerConstant(perUnit), Location = -1 };
        division.Name.Add(PgNodes.StringNode("/"));
        return Cast(PgNodes.Wrap(division), "numeric", 38, scale);
    }

    private static Pg.Node? Encode(string format, Pg.Node value) => format switch
    {
        "hex" => PgNodes.FuncCall(["lower"], PgNodes.FuncCall(["hex"], value)),
        "base64" => PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_encode_base64"], value),
        "escape" => PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_encode_escape"], value),
        _ => throw new PgErrorException(SqlState.InvalidParameterValue, $"unrecognized encoding: \"{format}\""),
    };

    private static Pg.Node? Decode(string format, Pg.Node value) => format switch
    {
        "hex" => PgNodes.FuncCall(["unhex"], value),
        "base64" => PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_decode_base64"], value),
        "escape" => PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, "htap_decode_escape"], value),
        _ => throw new PgErrorException(SqlState.InvalidParameterValue, $"unrecognized encoding: \"{format}\""),
    };

    private static bool IsNonZeroConstant(Pg.Node? node) => node?.AConst switch
    {
        { Ival: { } integer } => integer.Ival != 0,
        { Fval: { } number } => double.TryParse(number.Fval, System.Globalization.CultureInfo.InvariantCulture, out var value) && value != 0,
        _ => false,
    };

    private static Pg.Node Cast(Pg.Node value, string type, params int[] modifiers)
    {
        var typeName = PgNodes.TypeName(type);
        typeName.Typmods.AddRange(modifiers.Select(PgNodes.IntegerConstant));
        return PgNodes.TypeCast(value, typeName);
    }
}
