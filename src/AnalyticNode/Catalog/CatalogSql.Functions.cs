namespace HtapRouter.AnalyticNode.Catalog;

internal static partial class CatalogSql
{
    /// <summary>Functions the relation views themselves use.</summary>
    public static readonly string[] BasicFunctions =
    [
        // PostgreSQL's quote_ident: quoted unless a lower-case identifier that is not a reserved, type/function or
        // column-name keyword (a literal list, since DuckDB does not allow subqueries inside the lambdas that call this).
        """
        CREATE MACRO pgc.quote_ident(p_name) AS
            CASE WHEN regexp_full_match(p_name, '[a-z_][a-z0-9_$]*') AND p_name NOT IN (
                'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case',
                'cast', 'check', 'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date',
                'current_role', 'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable',
                'desc', 'distinct', 'do', 'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from',
                'grant', 'group', 'having', 'in', 'initially', 'intersect', 'into', 'lateral', 'leading', 'limit',
                'localtime', 'localtimestamp', 'not', 'null', 'offset', 'on', 'only', 'or', 'order', 'placing',
                'primary', 'references', 'returning', 'select', 'session_user', 'some', 'symmetric', 'system_user',
                'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'when',
                'where', 'window', 'with', 'authorization', 'binary', 'collation', 'concurrently', 'cross',
                'current_schema', 'freeze', 'full', 'ilike', 'inner', 'is', 'isnull', 'join', 'left', 'like',
                'natural', 'notnull', 'outer', 'overlaps', 'right', 'similar', 'tablesample', 'verbose', 'between',
                'bigint', 'bit', 'boolean', 'char', 'character', 'coalesce', 'dec', 'decimal', 'exists', 'extract',
                'float', 'greatest', 'grouping', 'inout', 'int', 'integer', 'interval', 'least', 'national',
                'nchar', 'none', 'normalize', 'nullif', 'numeric', 'out', 'overlay', 'position', 'precision',
                'real', 'row', 'setof', 'smallint', 'substring', 'time', 'timestamp', 'treat', 'trim', 'values',
                'varchar', 'xmlattributes', 'xmlconcat', 'xmlelement', 'xmlexists', 'xmlforest', 'xmlnamespaces',
                'xmlparse', 'xmlpi', 'xmlroot', 'xmlserialize', 'xmltable')
                 THEN p_name ELSE '"' || replace(p_name, '"', '""') || '"' END
        """,
    ];

    /// <summary>pg_catalog's functions over the catalog: names, definitions, visibility, privileges, sizes.</summary>
    public static readonly string[] Functions =
    [
        """
        CREATE MACRO pgc.format_type(p_type, p_typmod) AS
            CASE WHEN p_type IS NULL THEN NULL WHEN p_type = 0 THEN '-' ELSE coalesce((
                SELECT CASE WHEN p_typmod IS NULL THEN f.plain WHEN p_typmod < 0 THEN f.bare
                            ELSE f.head || CASE f.modkind
                                WHEN 'numeric' THEN '(' || ((p_typmod - 4) >> 16) || ',' || ((p_typmod - 4) & 65535) || ')'
                                WHEN 'char' THEN '(' || (p_typmod - 4) || ')'
                                WHEN 'none' THEN ''
                                ELSE '(' || p_typmod || ')' END || f.tail END
                FROM pgc.htap_type_format f WHERE f.oid = p_type), '???') END
        """,
        "CREATE MACRO pgc.regtype_out(p_type) AS pgc.format_type(p_type, NULL)",
        """
        CREATE MACRO pgc.pg_get_userbyid(p_role) AS
            coalesce((SELECT rolname FROM pgc.pg_authid WHERE oid = p_role), 'unknown (OID=' || p_role || ')')
        """,
        """
        CREATE MACRO pgc.pg_table_is_visible(p_rel) AS
            coalesce((SELECT schema_name = 'main' FROM pgc.htap_rel WHERE oid = p_rel LIMIT 1), false)
        """,
        "CREATE MACRO pgc.pg_type_is_visible(p_type) AS true",
        "CREATE MACRO pgc.pg_function_is_visible(p_proc) AS true",
        "CREATE MACRO pgc.pg_collation_is_visible(p_coll) AS true",
        "CREATE MACRO pgc.pg_get_expr(p_expr, p_rel) AS p_expr, (p_expr, p_rel, pretty) AS p_expr",
        """
        CREATE MACRO pgc.htap_indexdef(p_index) AS (
            SELECT 'CREATE ' || CASE WHEN i.is_unique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || pgc.quote_ident(i.relname)
                   || ' ON ' || pgc.quote_ident(pgc.htap_nspname(i.schema_name)) || '.' || pgc.quote_ident(i.table_name)
                   || ' USING btree (' || array_to_string(list_transform(i.columns, n -> pgc.quote_ident(n)), ', ') || ')'
            FROM pgc.htap_idx i WHERE i.oid = p_index)
        """,
        "CREATE MACRO pgc.pg_get_indexdef(p_index) AS pgc.htap_indexdef(p_index), (p_index, col, pretty) AS pgc.htap_indexdef(p_index)",
        """
        CREATE MACRO pgc.pg_get_constraintdef(p_con) AS (SELECT htap_def FROM pgc.pg_constraint WHERE oid = p_con),
            (p_con, pretty) AS (SELECT htap_def FROM pgc.pg_constraint WHERE oid = p_con)
        """,
        """
        CREATE MACRO pgc.htap_viewdef(p_view) AS (
            SELECT regexp_replace(sql, '^CREATE VIEW [^ ]+ AS ', ' ') FROM duckdb_views()
            WHERE database_name = current_database() AND pgc.htap_oid('r', schema_name, view_name) = p_view)
        """,
        "CREATE MACRO pgc.pg_get_viewdef(p_view) AS pgc.htap_viewdef(p_view), (p_view, pretty) AS pgc.htap_viewdef(p_view)",
        "CREATE MACRO pgc.pg_get_function_result(p_proc) AS (SELECT htap_result FROM pgc.pg_proc WHERE oid = p_proc)",
        "CREATE MACRO pgc.pg_get_function_arguments(p_proc) AS (SELECT htap_arguments FROM pgc.pg_proc WHERE oid = p_proc)",
        "CREATE MACRO pgc.pg_get_function_identity_arguments(p_proc) AS (SELECT htap_arguments FROM pgc.pg_proc WHERE oid = p_proc)",
        "CREATE MACRO pgc.pg_get_triggerdef(p_trigger) AS NULL::VARCHAR, (p_trigger, pretty) AS NULL::VARCHAR",
        "CREATE MACRO pgc.pg_get_statisticsobjdef_columns(p_stat) AS NULL::VARCHAR",
        "CREATE MACRO pgc.pg_get_partkeydef(p_rel) AS NULL::VARCHAR",
        "CREATE MACRO pgc.pg_get_ruledef(p_rule) AS NULL::VARCHAR, (p_rule, pretty) AS NULL::VARCHAR",
        "CREATE MACRO pgc.pg_get_serial_sequence(table_name, column_name) AS NULL::VARCHAR",
        """
        CREATE MACRO pgc.obj_description(p_object) AS
                (SELECT description FROM pgc.pg_description WHERE objoid = p_object AND objsubid = 0 LIMIT 1),
            (p_object, p_catalog_name) AS
                (SELECT description FROM pgc.pg_description WHERE objoid = p_object AND objsubid = 0 LIMIT 1)
        """,
        """
        CREATE MACRO pgc.col_description(p_rel, p_column_number) AS
            (SELECT description FROM pgc.pg_description WHERE objoid = p_rel AND objsubid = p_column_number LIMIT 1)
        """,
        "CREATE MACRO pgc.shobj_description(p_object, p_catalog_name) AS NULL::VARCHAR",
        """
        CREATE MACRO pgc.pg_encoding_to_char(encoding) AS
            CASE encoding WHEN 6 THEN 'UTF8' WHEN 0 THEN 'SQL_ASCII' WHEN 8 THEN 'LATIN1' ELSE '' END
        """,
        "CREATE MACRO pgc.pg_char_to_encoding(p_name) AS CASE upper(p_name) WHEN 'UTF8' THEN 6 WHEN 'SQL_ASCII' THEN 0 ELSE -1 END",
        "CREATE MACRO pgc.has_table_privilege(a, b) AS true, (a, b, c) AS true",
        "CREATE MACRO pgc.has_schema_privilege(a, b) AS true, (a, b, c) AS true",
        "CREATE MACRO pgc.has_database_privilege(a, b) AS true, (a, b, c) AS true",
        "CREATE MACRO pgc.has_column_privilege(a, b, c) AS true, (a, b, c, d) AS true",
        "CREATE MACRO pgc.has_any_column_privilege(a, b) AS true, (a, b, c) AS true",
        "CREATE MACRO pgc.has_function_privilege(a, b) AS true, (a, b, c) AS true",
        "CREATE MACRO pgc.has_sequence_privilege(a, b) AS true, (a, b, c) AS true",
        "CREATE MACRO pgc.pg_has_role(a, b) AS true, (a, b, c) AS true",
        "CREATE MACRO pgc.pg_relation_size(p_rel) AS 0::BIGINT, (p_rel, fork) AS 0::BIGINT",
        "CREATE MACRO pgc.pg_table_size(p_rel) AS 0::BIGINT",
        "CREATE MACRO pgc.pg_total_relation_size(p_rel) AS 0::BIGINT",
        "CREATE MACRO pgc.pg_indexes_size(p_rel) AS 0::BIGINT",
        "CREATE MACRO pgc.pg_database_size(db) AS 0::BIGINT",
        """
        CREATE MACRO pgc.pg_size_pretty(size) AS
            CASE WHEN abs(size) < 10240 THEN size || ' bytes'
                 WHEN abs(size) < 10485760 THEN CAST(round(size / 1024.0) AS BIGINT) || ' kB'
                 WHEN abs(size) < 10737418240 THEN CAST(round(size / 1048576.0) AS BIGINT) || ' MB'
                 WHEN abs(size) < 10995116277760 THEN CAST(round(size / 1073741824.0) AS BIGINT) || ' GB'
                 ELSE CAST(round(size / 1099511627776.0) AS BIGINT) || ' TB' END
        """,
        "CREATE MACRO pgc.pg_relation_is_publishable(p_rel) AS false",
        "CREATE MACRO pgc.pg_is_other_temp_schema(p_nsp) AS false",
        "CREATE MACRO pgc.pg_my_temp_schema() AS 0::BIGINT",
        "CREATE MACRO pgc.pg_tablespace_location(p_spc) AS ''",
        """
        CREATE MACRO pgc.current_schemas(include_implicit) AS
            CASE WHEN include_implicit THEN ['pg_catalog', 'public'] ELSE ['public'] END
        """,
        "CREATE MACRO pgc.array_upper(list, dimension) AS CASE WHEN len(list) = 0 OR dimension <> 1 THEN NULL ELSE CAST(len(list) AS INTEGER) END",
        "CREATE MACRO pgc.array_lower(list, dimension) AS CASE WHEN len(list) = 0 OR dimension <> 1 THEN NULL ELSE CAST(1 AS INTEGER) END",
        """
        CREATE MACRO pgc.regclass_in(p_name) AS coalesce((
            SELECT oid FROM pgc.htap_rel
            WHERE CASE WHEN contains(p_name, '.') THEN pgc.htap_nspname(schema_name) = trim(split_part(p_name, '.', 1), '"')
                                                     AND relname = trim(split_part(p_name, '.', 2), '"')
                       ELSE schema_name = 'main' AND relname = CASE WHEN starts_with(p_name, '"') THEN trim(p_name, '"') ELSE lower(p_name) END END
            LIMIT 1), (SELECT oid FROM pgc.htap_catalog_relation WHERE relname = p_name),
            error('relation "' || p_name || '" does not exist'))
        """,
        """
        CREATE MACRO pgc.regclass_out(p_rel) AS coalesce((
            SELECT CASE WHEN schema_name = 'main' THEN pgc.quote_ident(relname)
                        ELSE pgc.quote_ident(pgc.htap_nspname(schema_name)) || '.' || pgc.quote_ident(relname) END
            FROM pgc.htap_rel WHERE oid = p_rel LIMIT 1), CAST(p_rel AS VARCHAR))
        """,
        """
        CREATE MACRO pgc.regproc_in(p_name) AS coalesce((SELECT oid FROM pgc.pg_proc
            WHERE proname = regexp_replace(p_name, '^pg_catalog\.', '') LIMIT 1),
            error('function "' || p_name || '" does not exist'))
        """,
        "CREATE MACRO pgc.regproc_out(p_proc) AS coalesce((SELECT proname FROM pgc.pg_proc WHERE oid = p_proc LIMIT 1), CAST(p_proc AS VARCHAR))",
        """
        CREATE MACRO pgc.regnamespace_in(p_name) AS coalesce((SELECT oid FROM pgc.pg_namespace WHERE nspname = p_name),
            error('schema "' || p_name || '" does not exist'))
        """,
        "CREATE MACRO pgc.regnamespace_out(p_nsp) AS coalesce((SELECT nspname FROM pgc.pg_namespace WHERE oid = p_nsp), CAST(p_nsp AS VARCHAR))",
        """
        CREATE MACRO pgc.regrole_in(p_name) AS coalesce((SELECT oid FROM pgc.pg_authid WHERE rolname = p_name),
            error('role "' || p_name || '" does not exist'))
        """,
        "CREATE MACRO pgc.regrole_out(p_role) AS coalesce((SELECT rolname FROM pgc.pg_authid WHERE oid = p_role), CAST(p_role AS VARCHAR))",
        // information_schema._pg_expandarray, which pgjdbc's getPrimaryKeys calls: one (x, n) row per element.
        """
        CREATE MACRO pgc._pg_expandarray(p_list) AS
            unnest(list_transform(range(1, len(p_list) + 1), i -> {'x': p_list[i], 'n': i}))
        """,
        """
        CREATE VIEW pgc.pg_indexes AS
        SELECT pgc.htap_nspname(schema_name) AS schemaname, table_name AS tablename, relname AS indexname,
               NULL::VARCHAR AS tablespace, pgc.pg_get_indexdef(oid) AS indexdef
        FROM pgc.htap_idx WHERE pgc.htap_visible_schema(schema_name)
        """,
    ];
}
