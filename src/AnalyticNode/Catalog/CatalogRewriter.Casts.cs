using HtapRouter.PgQuery.Tree;
using HtapRouter.PgWire.Protocol;
using HtapRouter.PgWire.Types;
using Pg = global::PgQuery;

namespace HtapRouter.AnalyticNode.Catalog;

internal sealed partial class CatalogRewriter
{
    /// <summary>
    /// reg* casts: a constant or parameter is a name to look up (<c>'t'::regclass</c>, <c>$1::regclass</c>), anything
    /// else an OID to name (<c>c.oid::regclass</c>). Type names DuckDB lacks become what the catalog holds them as.
    /// </summary>
    private static bool RewriteCast(Pg.Node node)
    {
        var cast = node.TypeCast;
        var names = cast.TypeName.Names;
        if (names.Count is < 1 or > 2 || (names.Count == 2 && names[0].String?.Sval != PgCatalogSchema) || cast.TypeName.ArrayBounds.Count > 0)
        {
            return StripQualifier(names);
        }

        var type = names[^1].String.Sval;
        var isInput = cast.Arg?.NodeCase is Pg.Node.NodeOneofCase.AConst or Pg.Node.NodeOneofCase.ParamRef;
        Pg.Node? replacement = type switch
        {
            "regtype" when cast.Arg?.AConst is { Sval: { } name } => TypeOid(name.Sval),
            "regclass" or "regtype" or "regproc" or "regprocedure" or "regnamespace" or "regrole" =>
                CatalogCall(LookupFunction(type, isInput), cast.Arg!),
            _ => null,
        };
        if (replacement is not null)
        {
            PgNodes.Set(node, PgNodes.Unwrap(replacement)!);
            return true;
        }

        if (DuckDbTypeOf(type) is { } duckType)
        {
            names.Clear();
            names.Add(PgNodes.StringNode(duckType));
            return true;
        }

        return StripQualifier(names);
    }

    private static string LookupFunction(string type, bool isInput) => type switch
    {
        "regclass" => isInput ? "regclass_in" : "regclass_out",
        "regtype" => "regtype_out",
        "regnamespace" => isInput ? "regnamespace_in" : "regnamespace_out",
        "regrole" => isInput ? "regrole_in" : "regrole_out",
        _ => isInput ? "regproc_in" : "regproc_out",
    };

    /// <summary>PostgreSQL types DuckDB lacks, as the DuckDB types the catalog holds their values in.</summary>
    private static string? DuckDbTypeOf(string type) => type switch
    {
        "name" or "char" or "pg_node_tree" or "aclitem" or "int2vector" or "oidvector" or "regconfig"
            or "regdictionary" or "refcursor" or "cstring" or "pg_lsn" => "varchar",
        "xid" or "xid8" or "cid" or "tid" or "regoper" or "regoperator" or "regcollation" => "bigint",
        _ => null,
    };

    private static bool StripQualifier(Google.Protobuf.Collections.RepeatedField<Pg.Node> names)
    {
        if (names.Count == 2 && names[0].String?.Sval == PgCatalogSchema)
        {
            names.RemoveAt(0);
            return true;
        }

        return false;
    }

    private static Pg.Node TypeOid(string name) => PgTypeCatalog.TryGetByName(name, out var info)
        ? PgNodes.IntegerConstant((int)info.Oid)
        : throw new PgErrorException(SqlState.UndefinedObject, $"type \"{name}\" does not exist");

    private static Pg.Node CatalogCall(string function, Pg.Node argument) =>
        PgNodes.FuncCall([PgCatalog.Database, PgCatalog.Schema, function], argument);
}
