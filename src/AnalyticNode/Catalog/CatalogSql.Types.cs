using System.Globalization;
using System.Text;
using HtapRouter.PgWire.Types;

namespace HtapRouter.AnalyticNode.Catalog;

internal static partial class CatalogSql
{
    /// <summary>pg_proc.oid of array_recv, which drivers (Npgsql) use to tell array types from others.</summary>
    private const int ArrayRecv = 2400;

    /// <summary>Real OIDs of the I/O functions drivers look for (pgjdbc: typinput = 'array_in'::regproc); others get hashed ones.</summary>
    private static readonly Dictionary<string, int> s_procOids = new(StringComparer.Ordinal)
    {
        ["array_in"] = 750, ["array_out"] = 751, ["array_recv"] = ArrayRecv, ["array_send"] = 2401,
    };

    /// <summary>
    /// pg_type holds the built-in types PgTypeCatalog knows, with their real OIDs. htap_type_format splits what
    /// PgTypeCatalog.FormatType prints around a type modifier, so the format_type macro prints exactly what
    /// PostgreSQL prints for every typmod (interval's field ranges excepted).
    /// </summary>
    public static string[] Types()
    {
        var types = new StringBuilder();
        var formats = new StringBuilder();
        foreach (var type in PgTypeCatalog.All.OrderBy(t => t.Oid))
        {
            var typtype = type.Category == 'P' || type.Oid == PgTypeOid.Unknown ? 'p' : 'b';
            var collation = type.Oid switch
            {
                PgTypeOid.Name => 950,
                PgTypeOid.Text or PgTypeOid.Varchar or PgTypeOid.BpChar => 100,
                _ => 0,
            };
            Separate(types).Append(CultureInfo.InvariantCulture,
                $"({type.Oid}, {Literal(type.Name)}, {type.Length}, {Bool(type.ByValue)}, '{typtype}', '{type.Category}', " +
                $"{type.ElementOid}, {type.ArrayOid}, {ProcOid(type.InputFunction)}, {ProcOid(type.OutputFunction)}, " +
                $"{(type.IsArray ? ArrayRecv : 0)}, {collation})");

            var (head, tail, kind) = SplitFormat(type);
            Separate(formats).Append(CultureInfo.InvariantCulture,
                $"({type.Oid}, {Literal(PgTypeCatalog.FormatType(type.Oid))}, {Literal(PgTypeCatalog.FormatType(type.Oid, -1))}, " +
                $"{Literal(head)}, {Literal(tail)}, '{kind}')");
        }

        var procs = string.Join(", ", s_procNames.Select(name => $"({ProcOid(name)}, {Literal(name)})"));
        return
        [
            $"""
            CREATE TABLE pgc.htap_builtin_proc AS SELECT * FROM (VALUES {procs}) t(oid, proname)
            """,
            $"""
            CREATE TABLE pgc.htap_builtin_type AS SELECT * FROM (VALUES {types})
                t(oid, typname, typlen, typbyval, typtype, typcategory, typelem, typarray, typinput, typoutput, typreceive, typcollation)
            """,
            """
            CREATE VIEW pgc.pg_type AS
            SELECT CAST(oid AS BIGINT) AS oid, typname, 11::BIGINT AS typnamespace, 10::BIGINT AS typowner,
                   CAST(typlen AS SMALLINT) AS typlen, typbyval, typtype, typcategory, false AS typispreferred,
                   true AS typisdefined, ',' AS typdelim, 0::BIGINT AS typrelid, 0::BIGINT AS typsubscript,
                   CAST(typelem AS BIGINT) AS typelem, CAST(typarray AS BIGINT) AS typarray,
                   CAST(typinput AS BIGINT) AS typinput, CAST(typoutput AS BIGINT) AS typoutput,
                   CAST(typreceive AS BIGINT) AS typreceive, 0::BIGINT AS typsend, 0::BIGINT AS typmodin,
                   0::BIGINT AS typmodout, 0::BIGINT AS typanalyze,
                   CASE WHEN typlen = 8 THEN 'd' WHEN typlen = 2 THEN 's' WHEN typlen = 1 THEN 'c' ELSE 'i' END AS typalign,
                   CASE WHEN typname IN ('numeric', 'inet', 'cidr') THEN 'm' WHEN typlen = -1 THEN 'x' ELSE 'p' END AS typstorage,
                   false AS typnotnull,
                   0::BIGINT AS typbasetype, -1 AS typtypmod, 0 AS typndims, CAST(typcollation AS BIGINT) AS typcollation,
                   NULL::VARCHAR AS typdefaultbin, NULL::VARCHAR AS typdefault, NULL::VARCHAR[] AS typacl
            FROM pgc.htap_builtin_type
            """,
            $"""
            CREATE TABLE pgc.htap_type_format AS SELECT * FROM (VALUES {formats}) t(oid, plain, bare, head, tail, modkind)
            """,
        ];
    }

    /// <summary>What a type prints as before and after its modifier, and how the modifier reads.</summary>
    private static (string Head, string Tail, string Kind) SplitFormat(PgTypeInfo type)
    {
        var element = type.IsArray ? type.ElementOid : type.Oid;
        var (typmod, modifier, kind) = element switch
        {
            PgTypeOid.Numeric => (PgTypmod.Numeric(1, 0), "(1,0)", "numeric"),
            PgTypeOid.Varchar or PgTypeOid.BpChar => (5, "(1)", "char"),
            PgTypeOid.Interval => (-1, "", "none"),
            _ => (1, "(1)", "paren"),
        };
        if (kind == "none")
        {
            return (PgTypeCatalog.FormatType(type.Oid, -1), "", kind);
        }

        var formatted = PgTypeCatalog.FormatType(type.Oid, typmod);
        var at = formatted.IndexOf(modifier, StringComparison.Ordinal);
        return at < 0 ? (formatted, "", "none") : (formatted[..at], formatted[(at + modifier.Length)..], kind);
    }

    /// <summary>
    /// How a DuckDB column type reads as PostgreSQL's, as the engine's DuckDbTypeMap sends it; a column's
    /// array dimension and DECIMAL modifier are read off duckdb_columns().data_type.
    /// </summary>
    public static readonly string[] Columns =
    [
        """
        CREATE TABLE pgc.htap_duck_type AS SELECT * FROM (VALUES
            ('BOOLEAN', 16), ('TINYINT', 21), ('SMALLINT', 21), ('UTINYINT', 21), ('INTEGER', 23), ('USMALLINT', 23),
            ('BIGINT', 20), ('UINTEGER', 20), ('HUGEINT', 1700), ('UBIGINT', 1700), ('UHUGEINT', 1700), ('DECIMAL', 1700),
            ('FLOAT', 700), ('DOUBLE', 701), ('VARCHAR', 25), ('JSON', 114), ('BLOB', 17), ('DATE', 1082),
            ('TIME', 1083), ('TIME WITH TIME ZONE', 1266), ('TIMESTAMP', 1114), ('TIMESTAMP_S', 1114),
            ('TIMESTAMP_MS', 1114), ('TIMESTAMP_NS', 1114), ('TIMESTAMP WITH TIME ZONE', 1184), ('INTERVAL', 1186),
            ('UUID', 2950), ('STRUCT', 2249)) t(duck_name, oid)
        """,
        """
        CREATE VIEW pgc.htap_col AS
        SELECT c.schema_name, c.table_name, c.column_name, c.column_index, c.is_nullable,
               coalesce(o.default_expr, c.column_default) AS column_default, c.comment,
               pgc.htap_oid('r', c.schema_name, c.table_name) AS attrelid,
               coalesce(o.type_oid, CASE WHEN c.dims = '' THEN m.oid WHEN regexp_full_match(c.dims, '\[\d*\]|(\[\])+') THEN nullif(t.typarray, 0) END, 25) AS atttypid,
               coalesce(o.typmod, CASE WHEN m.duck_name = 'DECIMAL' AND regexp_full_match(c.dims, '(\[\d*\])?')
                   THEN ((CAST(regexp_extract(c.base, '\((\d+),', 1) AS INTEGER) << 16)
                         | CAST(regexp_extract(c.base, ',(\d+)\)', 1) AS INTEGER)) + 4 END, -1) AS atttypmod,
               length(c.dims) - length(replace(c.dims, '[', '')) AS attndims
        FROM (SELECT *, regexp_extract(data_type, '^(.*?)((\[\d*\])*)$', 1) AS base,
                        regexp_extract(data_type, '^(.*?)((\[\d*\])*)$', 2) AS dims
              FROM duckdb_columns() WHERE database_name = current_database()) c
        LEFT JOIN pgc.htap_duck_type m ON m.duck_name = regexp_replace(c.base, '\(.*\)$', '')
        LEFT JOIN pgc.htap_builtin_type t ON t.oid = m.oid
        LEFT JOIN pgc.htap_column_type o ON o.schema_name = c.schema_name AND o.table_name = c.table_name
            AND o.column_name = c.column_name
        """,
        """
        CREATE VIEW pgc.pg_attribute AS
        SELECT c.attrelid, c.column_name AS attname, CAST(c.atttypid AS BIGINT) AS atttypid, -1 AS attstattarget,
               coalesce(t.typlen, -1) AS attlen, CAST(c.column_index AS SMALLINT) AS attnum, c.attndims,
               -1 AS attcacheoff, CAST(c.atttypmod AS INTEGER) AS atttypmod, coalesce(t.typbyval, false) AS attbyval,
               coalesce(t.typalign, 'i') AS attalign, coalesce(t.typstorage, 'x') AS attstorage, '' AS attcompression,
               NOT c.is_nullable AS attnotnull, c.column_default IS NOT NULL AS atthasdef, false AS atthasmissing,
               '' AS attidentity, '' AS attgenerated, false AS attisdropped, true AS attislocal, 0 AS attinhcount,
               coalesce(t.typcollation, 0) AS attcollation, NULL::VARCHAR[] AS attacl, NULL::VARCHAR[] AS attoptions,
               NULL::VARCHAR[] AS attfdwoptions, NULL::VARCHAR AS attmissingval
        FROM pgc.htap_col c LEFT JOIN pgc.pg_type t ON t.oid = c.atttypid
        WHERE pgc.htap_visible_schema(c.schema_name)
        """,
        """
        CREATE VIEW pgc.pg_attrdef AS
        SELECT pgc.htap_oid('d', schema_name, table_name || '.' || column_name) AS oid, attrelid AS adrelid,
               CAST(column_index AS SMALLINT) AS adnum, column_default AS adbin
        FROM pgc.htap_col WHERE column_default IS NOT NULL
        """,
    ];

    /// <summary>
    /// A built-in function's OID: its real one where drivers rely on it, else its place among the functions'
    /// sorted names above 8000 (stable for a given PgTypeCatalog, below user OIDs).
    /// </summary>
    private static int ProcOid(string name) => name.Length == 0 ? 0
        : s_procOids.TryGetValue(name, out var oid) ? oid
        : 8000 + s_procNames.IndexOf(name);

    private static readonly List<string> s_procNames = PgTypeCatalog.All
        .SelectMany(t => new[] { t.InputFunction, t.OutputFunction }).Concat(s_procOids.Keys)
        .Where(name => name.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static StringBuilder Separate(StringBuilder builder) => builder.Length > 0 ? builder.Append(", ") : builder;

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Bool(bool value) => value ? "true" : "false";
}
