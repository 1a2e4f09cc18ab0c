namespace HtapRouter.AnalyticNode.Catalog;

internal static partial class CatalogSql
{
    /// <summary>
    /// information_schema's common views over the same catalog, with PostgreSQL's type names ("integer",
    /// "character varying", "ARRAY") where DuckDB's own information_schema has DuckDB's. "pgi." stands for
    /// <see cref="PgCatalog.InformationSchema"/>.
    /// </summary>
    public static readonly string[] InformationSchema =
    [
        """
        CREATE VIEW pgi.schemata AS
        SELECT coalesce(getvariable('htap_database'), current_database()) AS catalog_name, nspname AS schema_name,
               pgc.pg_get_userbyid(nspowner) AS schema_owner, NULL::VARCHAR AS default_character_set_catalog,
               NULL::VARCHAR AS default_character_set_schema, NULL::VARCHAR AS default_character_set_name,
               NULL::VARCHAR AS sql_path
        FROM pgc.pg_namespace
        """,
        """
        CREATE VIEW pgi.tables AS
        SELECT coalesce(getvariable('htap_database'), current_database()) AS table_catalog,
               pgc.htap_nspname(schema_name) AS table_schema, relname AS table_name,
               CASE relkind WHEN 'v' THEN 'VIEW' ELSE 'BASE TABLE' END AS table_type,
               NULL::VARCHAR AS self_referencing_column_name, NULL::VARCHAR AS reference_generation,
               NULL::VARCHAR AS user_defined_type_catalog, NULL::VARCHAR AS user_defined_type_schema,
               NULL::VARCHAR AS user_defined_type_name, CASE relkind WHEN 'r' THEN 'YES' ELSE 'NO' END AS is_insertable_into,
               'NO' AS is_typed, NULL::VARCHAR AS commit_action
        FROM pgc.htap_rel WHERE relkind IN ('r', 'v') AND pgc.htap_visible_schema(schema_name)
        """,
        """
        CREATE VIEW pgi.views AS
        SELECT coalesce(getvariable('htap_database'), current_database()) AS table_catalog,
               pgc.htap_nspname(schema_name) AS table_schema, view_name AS table_name, sql AS view_definition,
               'NONE' AS check_option, 'NO' AS is_updatable, 'NO' AS is_insertable_into, 'NO' AS is_trigger_updatable,
               'NO' AS is_trigger_deletable, 'NO' AS is_trigger_insertable_into
        FROM duckdb_views() WHERE database_name = current_database() AND NOT internal AND pgc.htap_visible_schema(schema_name)
        """,
        """
        CREATE VIEW pgi.columns AS
        SELECT coalesce(getvariable('htap_database'), current_database()) AS table_catalog,
               pgc.htap_nspname(c.schema_name) AS table_schema, c.table_name, c.column_name,
               c.column_index AS ordinal_position, c.column_default,
               CASE WHEN c.is_nullable THEN 'YES' ELSE 'NO' END AS is_nullable,
               CASE WHEN c.attndims > 0 THEN 'ARRAY' ELSE pgc.format_type(c.atttypid, NULL) END AS data_type,
               CASE WHEN c.atttypid IN (1042, 1043) AND c.atttypmod > 4 THEN c.atttypmod - 4 END AS character_maximum_length,
               CASE WHEN c.atttypid IN (25, 1042, 1043) THEN 1073741824 END AS character_octet_length,
               CASE c.atttypid WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 700 THEN 24 WHEN 701 THEN 53
                    WHEN 1700 THEN CASE WHEN c.atttypmod > 4 THEN (c.atttypmod - 4) >> 16 END END AS numeric_precision,
               CASE WHEN c.atttypid IN (21, 23, 20, 1700) THEN 10 WHEN c.atttypid IN (700, 701) THEN 2 END AS numeric_precision_radix,
               CASE WHEN c.atttypid IN (21, 23, 20) THEN 0
                    WHEN c.atttypid = 1700 AND c.atttypmod > 4 THEN (c.atttypmod - 4) & 65535 END AS numeric_scale,
               CASE WHEN c.atttypid IN (1082, 1083, 1114, 1184, 1266, 1186) THEN 6 END AS datetime_precision,
               NULL::VARCHAR AS interval_type, NULL::INTEGER AS interval_precision,
               coalesce(getvariable('htap_database'), current_database()) AS udt_catalog, 'pg_catalog' AS udt_schema,
               t.typname AS udt_name, 'NO' AS is_identity, 'NEVER' AS is_generated, NULL::VARCHAR AS generation_expression,
               CASE WHEN r.relkind = 'r' THEN 'YES' ELSE 'NO' END AS is_updatable
        FROM pgc.htap_col c LEFT JOIN pgc.pg_type t ON t.oid = c.atttypid
             JOIN pgc.htap_rel r ON r.oid = c.attrelid
        WHERE pgc.htap_visible_schema(c.schema_name)
        """,
        """
        CREATE VIEW pgi.table_constraints AS
        SELECT coalesce(getvariable('htap_database'), current_database()) AS constraint_catalog,
               n.nspname AS constraint_schema, c.conname AS constraint_name,
               coalesce(getvariable('htap_database'), current_database()) AS table_catalog, n.nspname AS table_schema,
               r.relname AS table_name,
               CASE c.contype WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' WHEN 'f' THEN 'FOREIGN KEY' ELSE 'CHECK' END AS constraint_type,
               'NO' AS is_deferrable, 'NO' AS initially_deferred, 'YES' AS enforced, NULL::VARCHAR AS nulls_distinct
        FROM pgc.pg_constraint c JOIN pgc.pg_class r ON r.oid = c.conrelid JOIN pgc.pg_namespace n ON n.oid = c.connamespace
        """,
        """
        CREATE VIEW pgi.key_column_usage AS
        SELECT coalesce(getvariable('htap_database'), current_database()) AS constraint_catalog,
               n.nspname AS constraint_schema, c.conname AS constraint_name,
               coalesce(getvariable('htap_database'), current_database()) AS table_catalog, n.nspname AS table_schema,
               r.relname AS table_name, a.attname AS column_name, k.position AS ordinal_position,
               CASE WHEN c.contype = 'f' THEN k.position END AS position_in_unique_constraint
        FROM pgc.pg_constraint c JOIN pgc.pg_class r ON r.oid = c.conrelid JOIN pgc.pg_namespace n ON n.oid = c.connamespace,
             (SELECT unnest(c.conkey) AS attnum, generate_subscripts(c.conkey, 1) AS position) k,
             pgc.pg_attribute a
        WHERE c.contype IN ('p', 'u', 'f') AND a.attrelid = c.conrelid AND a.attnum = k.attnum
        """,
    ];
}
