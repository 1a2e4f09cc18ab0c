using Google.Protobuf;
using PgQuery;

namespace HtapRouter.PgQuery.Tree;

/// <summary>Building and changing parse tree nodes, for rewriters. Build with these, then deparse.</summary>
public static class PgNodes
{
    /// <summary>The message a <c>Node</c> wrapper holds (its oneof), or null for an empty wrapper.</summary>
    public static IMessage? Unwrap(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return NodeFields.Unwrap(node);
    }

    /// <summary>Wraps a tree message (e.g. a <c>FuncCall</c>) in a new <c>Node</c>.</summary>
    /// <exception cref="ArgumentException">No <c>Node</c> field holds messages of this type.</exception>
    public static Node Wrap(IMessage value)
    {
        var node = new Node();
        Set(node, value);
        return node;
    }

    /// <summary>Replaces what a <c>Node</c> wrapper holds, in place, so every parent sees the replacement.</summary>
    /// <exception cref="ArgumentException">No <c>Node</c> field holds messages of this type.</exception>
    public static void Set(Node node, IMessage value)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(value);
        if (!NodeFields.TrySet(node, value))
        {
            throw new ArgumentException($"A Node cannot hold a {value.Descriptor.Name}.", nameof(value));
        }
    }

    /// <summary>A <c>String</c> node: an identifier part or a keyword-like option value.</summary>
    public static Node StringNode(string value) => new() { String = new global::PgQuery.String { Sval = value } };

    /// <summary>A string literal constant ('value').</summary>
    public static Node StringConstant(string value) =>
        new() { AConst = new A_Const { Sval = new global::PgQuery.String { Sval = value }, Location = -1 } };

    /// <summary>An integer literal constant.</summary>
    public static Node IntegerConstant(int value) =>
        new() { AConst = new A_Const { Ival = new Integer { Ival = value }, Location = -1 } };

    /// <summary>The NULL constant.</summary>
    public static Node NullConstant() => new() { AConst = new A_Const { Isnull = true, Location = -1 } };

    /// <summary>A column reference such as <c>t.col</c> from its name parts.</summary>
    public static Node ColumnRef(params string[] names)
    {
        var columnRef = new ColumnRef { Location = -1 };
        columnRef.Fields.AddRange(names.Select(StringNode));
        return new Node { ColumnRef = columnRef };
    }

    /// <summary>A function call, e.g. <c>FuncCall(["pg_catalog", "lower"], arg)</c>.</summary>
    public static Node FuncCall(IEnumerable<string> name, params Node[] args)
    {
        var call = new FuncCall { Funcformat = CoercionForm.CoerceExplicitCall, Location = -1 };
        call.Funcname.AddRange(name.Select(StringNode));
        call.Args.AddRange(args);
        return new Node { FuncCall = call };
    }

    /// <summary>A type name from its parts, e.g. <c>TypeName("pg_catalog", "int4")</c>.</summary>
    public static TypeName TypeName(params string[] names)
    {
        var typeName = new TypeName { Typemod = -1, Location = -1 };
        typeName.Names.AddRange(names.Select(StringNode));
        return typeName;
    }

    /// <summary>A cast <c>arg::type</c>.</summary>
    public static Node TypeCast(Node arg, TypeName type) =>
        new() { TypeCast = new TypeCast { Arg = arg, TypeName = type, Location = -1 } };
}
