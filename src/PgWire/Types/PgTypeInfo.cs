namespace HtapRouter.PgWire.Types;

/// <summary>One row of pg_type, reduced to what a wire-protocol peer needs.</summary>
/// <param name="Oid">pg_type.oid.</param>
/// <param name="Name">pg_type.typname, e.g. "int4" or "_text".</param>
/// <param name="Length">pg_type.typlen: the fixed size in bytes, -1 for varlena, -2 for C strings.</param>
/// <param name="ByValue">pg_type.typbyval.</param>
/// <param name="Category">pg_type.typcategory, e.g. 'N' numeric, 'S' string, 'A' array.</param>
/// <param name="ElementOid">pg_type.typelem: the element type of an array, else 0.</param>
/// <param name="ArrayOid">pg_type.typarray: the array type over this type, else 0.</param>
public sealed record PgTypeInfo(
    uint Oid, string Name, short Length, bool ByValue, char Category, uint ElementOid, uint ArrayOid)
{
    /// <summary>pg_namespace.nspname; every built-in type lives in pg_catalog.</summary>
    public string Namespace { get; init; } = "pg_catalog";

    /// <summary>pg_type.typdelim: the element separator in array text. ',' for every type here.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>pg_type.typinput, e.g. "int4in".</summary>
    public string InputFunction { get; init; } = "";

    /// <summary>pg_type.typoutput, e.g. "int4out".</summary>
    public string OutputFunction { get; init; } = "";

    /// <summary>
    /// True for real array types. name and int2vector/oidvector also have a typelem, but
    /// PostgreSQL does not treat them as arrays; only the "_" types are.
    /// </summary>
    public bool IsArray => ElementOid != 0 && Name.StartsWith('_');
}
