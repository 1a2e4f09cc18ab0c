using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Sql;

/// <summary>
/// inet and cidr, which the node holds as PostgreSQL's text of the value (DuckDB's inet type is an extension that
/// cannot be installed here): casts to them, their functions (host, family, masklen, network, broadcast, netmask,
/// hostmask, abbrev, set_masklen, text) and operators (comparison, &lt;&lt;, &lt;&lt;=, &gt;&gt;, &gt;&gt;=, &amp;&amp;) become
/// <see cref="InetFunctions"/>' functions over the text.
/// </summary>
internal static class InetRewrites
{
    /// <summary>The replacement for a call of <paramref name="name"/> (unqualified or pg_catalog), or null to keep it.</summary>
    public static Pg.Node? ReplaceFunction(string name, Pg.FuncCall call, StatementTypes types)
    {
        if (call.Args.Count == 0 || call.AggStar || call.Over is not null)
        {
            return null;
        }

        var argument = call.Args[0];
        var kind = Kind(argument, types);
        var untyped = argument.AConst?.Sval is not null;
        return (name, call.Args.Count) switch
        {
            ("text", 1) when kind is not null => Call("text", argument),
            ("host" or "network" or "broadcast" or "netmask" or "hostmask", 1) when kind is not null || untyped => Call(name, argument),
            ("family", 1) when kind is not null || untyped => Call("family_of", argument),
            ("masklen", 1) when kind is not null || untyped => Call("masklen_of", argument),
            ("abbrev", 1) when kind is not null || untyped => Call("abbrev", argument, Boolean(kind == PgTypeOid.Cidr)),
            ("set_masklen", 2) when kind is not null || untyped => Call("set_masklen", argument, call.Args[1], Boolean(kind == PgTypeOid.Cidr)),
            _ => null,
        };
    }

    /// <summary>The replacement for an operator with an inet or cidr operand, or null to keep it.</summary>
    public static Pg.Node? ReplaceOperator(Pg.A_Expr expression, StatementTypes types)
    {
        if (expression is not { Kind: Pg.A_Expr_Kind.AexprOp, Name: [{ String.Sval: var op }], Lexpr: { } left, Rexpr: { } right })
        {
            return null;
        }

        var (leftKind, rightKind) = (Kind(left, types), Kind(right, types));
        if (!((leftKind is not null && (rightKind is not null || right.AConst?.Sval is not null))
            || (rightKind is not null && left.AConst?.Sval is not null)))
        {
            return null;
        }

        var function = op switch
        {
            "<<" => "sub",
            "<<=" => "subeq",
            ">>" => "sup",
            ">>=" => "supeq",
            "&&" => "overlap",
            _ => null,
        };
        if (function is not null)
        {
            return Call(function, left, right);
        }

        if (op is not ("=" or "<>" or "!=" or "<" or ">" or "<=" or ">="))
        {
            return null;
        }

        var comparison = new Pg.A_Expr { Kind = Pg.A_Expr_Kind.AexprOp, Lexpr = Call("cmp", left, right), Rexpr = PgNodes.IntegerConstant(0), Location = -1 };
        comparison.Name.Add(PgNodes.StringNode(op));
        return PgNodes.Wrap(comparison);
    }

    /// <summary>
    /// A cast to inet or cidr: text is read by inet_in or cidr_in; inet to cidr drops the host bits; the value is kept
    /// as its output text. inet or cidr to text is text(x), which always writes the netmask.
    /// </summary>
    public static Pg.Node? ReplaceCast(Pg.TypeCast cast, StatementTypes types)
    {
        if (cast is not { Arg: { } value, TypeName: { ArrayBounds.Count: 0, Names: [.., { String.Sval: var type }] } })
        {
            return null;
        }

        var source = Kind(value, types);
        return type switch
        {
            "inet" when source is PgTypeOid.Inet or PgTypeOid.Cidr => Call("in", value, Boolean(false)),
            "inet" => Call("in", PgNodes.TypeCast(value, PgNodes.TypeName("varchar")), Boolean(false)),
            "cidr" when source == PgTypeOid.Cidr => value,
            "cidr" when source == PgTypeOid.Inet => Call("network", value),
            "cidr" => Call("in", PgNodes.TypeCast(value, PgNodes.TypeName("varchar")), Boolean(true)),
            "text" or "varchar" when source == PgTypeOid.Inet => Call("text", value),
            _ => null,
        };
    }

    private static uint? Kind(Pg.Node node, StatementTypes types) =>
        types.TypeOf(node)?.Oid is var oid and (PgTypeOid.Inet or PgTypeOid.Cidr) ? oid : null;

    /// <summary>A call of InetFunctions' registered function, or of the catalog's macro for family and masklen.</summary>
    private static Pg.Node Call(string function, params Pg.Node[] arguments) => function.EndsWith("_of", StringComparison.Ordinal)
        ? PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, InetFunctions.Prefix + function], arguments)
        : PgNodes.FuncCall([InetFunctions.Prefix + function], arguments);

    private static Pg.Node Boolean(bool value) => PgNodes.Wrap(new Pg.A_Const { Boolval = new Pg.Boolean { Boolval = value }, Location = -1 });
}
