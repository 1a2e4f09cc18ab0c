namespace HtapRouter.AnalyticNode.Catalog;

/// <summary>
/// The catalog's DuckDB SQL. "pgc." stands for the catalog schema (<see cref="PgCatalog.Database"/>.<see cref="PgCatalog.Schema"/>);
/// everything inside is qualified, since views and macros bind where they are used. Views read DuckDB's own
/// metadata (duckdb_tables(), duckdb_columns(), ...) of the session's database when they are queried, so tables
/// the replicator creates later show up at once.
/// </summary>
internal static partial class CatalogSql
{
    /// <summary>
    /// Object identity: user objects get OIDs at or above 16384 from a hash of their kind, schema and name, so
    /// they stay the same across restarts and do not depend on DuckDB's own (load-order) OIDs. DuckDB's main
    /// schema is PostgreSQL's public (OID 2200).
    /// </summary>
    public static readonly string[] Identity =
    [
        """
        CREATE MACRO pgc.htap_oid(kind, schema_name, object_name) AS
            CAST(md5_number(kind || ':' || schema_name || '.' || object_name) % 2147000000 AS BIGINT) + 16384
        """,
        "CREATE MACRO pgc.htap_nspname(schema_name) AS CASE schema_name WHEN 'main' THEN 'public' ELSE schema_name END",
        "CREATE MACRO pgc.htap_nspoid(schema_name) AS CASE schema_name WHEN 'main' THEN 2200 ELSE pgc.htap_oid('n', '', schema_name) END",
        "CREATE MACRO pgc.htap_visible_schema(schema_name) AS schema_name NOT IN ('pg_catalog', 'information_schema', 'htap_meta')",
    ];

    /// <summary>
    /// Relations: tables, views, sequences, and indexes (DuckDB's own, those its keys imply, and those of the keys
    /// the replicator recorded from the primary, whose tables have none in DuckDB).
    /// </summary>
    public static readonly string[] Relations =
    [
        """
        CREATE VIEW pgc.htap_idx AS
        SELECT pgc.htap_oid('r', schema_name, iname) AS oid, iname AS relname, schema_name, table_name,
               pgc.htap_oid('r', schema_name, table_name) AS indrelid, is_primary, true AS is_unique, columns,
               pgc.htap_oid('c', schema_name, table_name || '.' || iname) AS conoid, contype
        FROM (SELECT schema_name, table_name, constraint_column_names AS columns,
                     constraint_type = 'PRIMARY KEY' AS is_primary,
                     CASE constraint_type WHEN 'PRIMARY KEY' THEN 'p' ELSE 'u' END AS contype,
                     CASE constraint_type WHEN 'PRIMARY KEY' THEN table_name || '_pkey'
                          ELSE table_name || '_' || array_to_string(constraint_column_names, '_') || '_key' END AS iname
              FROM duckdb_constraints()
              WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE'))
        UNION ALL
        SELECT pgc.htap_oid('r', schema_name, index_name), index_name, schema_name, table_name,
               pgc.htap_oid('r', schema_name, table_name), is_primary, is_unique,
               list_transform(CAST(expressions AS VARCHAR[]), e -> trim(e, '"')), NULL, NULL
        FROM duckdb_indexes() WHERE database_name = current_database()
        UNION ALL
        SELECT pgc.htap_oid('r', schema_name, constraint_name), constraint_name, schema_name, table_name,
               pgc.htap_oid('r', schema_name, table_name), constraint_type = 'p', true, column_names,
               pgc.htap_oid('c', schema_name, table_name || '.' || constraint_name), constraint_type
        FROM pgc.htap_table_key
        """,
        """
        CREATE VIEW pgc.htap_rel AS
        SELECT pgc.htap_oid('r', schema_name, table_name) AS oid, table_name AS relname, schema_name,
               'r' AS relkind, column_count AS relnatts, estimated_size AS reltuples,
               (index_count > 0 OR has_primary_key OR (schema_name, table_name) IN (SELECT (schema_name, table_name) FROM pgc.htap_table_key)) AS relhasindex,
               check_constraint_count AS relchecks, comment
        FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal
        UNION ALL
        SELECT pgc.htap_oid('r', schema_name, view_name), view_name, schema_name, 'v', column_count, 0, false, 0, comment
        FROM duckdb_views() WHERE database_name = current_database() AND NOT internal
        UNION ALL
        SELECT oid, relname, schema_name, 'i', len(columns), 0, false, 0, NULL FROM pgc.htap_idx
        UNION ALL
        SELECT pgc.htap_oid('r', schema_name, sequence_name), sequence_name, schema_name, 'S', 3, 1, false, 0, comment
        FROM duckdb_sequences() WHERE database_name = current_database()
        """,
        """
        CREATE VIEW pgc.pg_class AS
        SELECT r.oid, r.relname, pgc.htap_nspoid(r.schema_name) AS relnamespace, 0::BIGINT AS reltype,
               0::BIGINT AS reloftype, 10::BIGINT AS relowner,
               CAST(CASE r.relkind WHEN 'r' THEN 2 WHEN 'i' THEN 403 ELSE 0 END AS BIGINT) AS relam,
               r.oid AS relfilenode, 0::BIGINT AS reltablespace, 0 AS relpages, CAST(r.reltuples AS REAL) AS reltuples,
               0 AS relallvisible, 0::BIGINT AS reltoastrelid, r.relhasindex, false AS relisshared,
               'p' AS relpersistence, r.relkind, CAST(r.relnatts AS SMALLINT) AS relnatts,
               CAST(r.relchecks AS SMALLINT) AS relchecks, false AS relhasrules, false AS relhastriggers,
               false AS relhassubclass, false AS relrowsecurity, false AS relforcerowsecurity, true AS relispopulated,
               CASE WHEN r.relkind = 'r' THEN 'd' ELSE 'n' END AS relreplident, false AS relispartition,
               0::BIGINT AS relrewrite, 0::BIGINT AS relfrozenxid, 0::BIGINT AS relminmxid,
               NULL::VARCHAR[] AS relacl, NULL::VARCHAR[] AS reloptions, NULL::VARCHAR AS relpartbound
        FROM pgc.htap_rel r WHERE pgc.htap_visible_schema(r.schema_name)
        """,
        """
        CREATE VIEW pgc.htap_table_columns AS
        SELECT schema_name, table_name, list(column_name ORDER BY column_index) AS names
        FROM duckdb_columns() WHERE database_name = current_database() GROUP BY ALL
        """,
        """
        CREATE VIEW pgc.pg_index AS
        SELECT i.oid AS indexrelid, i.indrelid, CAST(len(i.columns) AS SMALLINT) AS indnatts,
               CAST(len(i.columns) AS SMALLINT) AS indnkeyatts, i.is_unique AS indisunique, false AS indnullsnotdistinct,
               i.is_primary AS indisprimary, false AS indisexclusion, true AS indimmediate, false AS indisclustered,
               true AS indisvalid, false AS indcheckxmin, true AS indisready, true AS indislive, false AS indisreplident,
               CAST(list_transform(i.columns, n -> list_position(t.names, n)) AS SMALLINT[]) AS indkey,
               list_transform(i.columns, n -> 0::BIGINT) AS indcollation, list_transform(i.columns, n -> 0::BIGINT) AS indclass,
               list_transform(i.columns, n -> 0::SMALLINT) AS indoption, NULL::VARCHAR AS indexprs, NULL::VARCHAR AS indpred
        FROM pgc.htap_idx i JOIN pgc.htap_table_columns t USING (schema_name, table_name)
        """,
        """
        CREATE VIEW pgc.pg_constraint AS
        SELECT i.conoid AS oid, i.relname AS conname, pgc.htap_nspoid(i.schema_name) AS connamespace, i.contype,
               false AS condeferrable, false AS condeferred, true AS convalidated, i.indrelid AS conrelid,
               0::BIGINT AS contypid, i.oid AS conindid, 0::BIGINT AS conparentid, 0::BIGINT AS confrelid,
               ' ' AS confupdtype, ' ' AS confdeltype, ' ' AS confmatchtype, true AS conislocal, 0 AS coninhcount,
               true AS connoinherit, CAST(list_transform(i.columns, n -> list_position(t.names, n)) AS SMALLINT[]) AS conkey,
               NULL::SMALLINT[] AS confkey, NULL::BIGINT[] AS conpfeqop, NULL::BIGINT[] AS conppeqop,
               NULL::BIGINT[] AS conffeqop, NULL::SMALLINT[] AS confdelsetcols, NULL::BIGINT[] AS conexclop,
               NULL::VARCHAR AS conbin,
               CASE i.contype WHEN 'p' THEN 'PRIMARY KEY (' ELSE 'UNIQUE (' END
                   || array_to_string(list_transform(i.columns, n -> pgc.quote_ident(n)), ', ') || ')' AS htap_def
        FROM pgc.htap_idx i JOIN pgc.htap_table_columns t USING (schema_name, table_name)
        WHERE i.contype IS NOT NULL
        UNION ALL
        SELECT pgc.htap_oid('c', c.schema_name, c.table_name || '.' || c.constraint_name), c.constraint_name,
               pgc.htap_nspoid(c.schema_name), CASE c.constraint_type WHEN 'CHECK' THEN 'c' ELSE 'f' END,
               false, false, true, pgc.htap_oid('r', c.schema_name, c.table_name), 0, 0, 0,
               CASE WHEN c.referenced_table IS NULL THEN 0 ELSE pgc.htap_oid('r', c.schema_name, c.referenced_table) END,
               'a', 'a', 's', true, 0, true,
               CAST(list_transform(c.constraint_column_names, n -> list_position(t.names, n)) AS SMALLINT[]),
               NULL, NULL, NULL, NULL, NULL, NULL, c.expression,
               CASE c.constraint_type WHEN 'CHECK' THEN 'CHECK ((' || c.expression || '))'
                   ELSE 'FOREIGN KEY (' || array_to_string(list_transform(c.constraint_column_names, n -> pgc.quote_ident(n)), ', ')
                        || ') REFERENCES ' || pgc.quote_ident(c.referenced_table) || '('
                        || array_to_string(list_transform(c.referenced_column_names, n -> pgc.quote_ident(n)), ', ') || ')' END
        FROM duckdb_constraints() c JOIN pgc.htap_table_columns t USING (schema_name, table_name)
        WHERE c.database_name = current_database() AND c.constraint_type IN ('CHECK', 'FOREIGN KEY')
        """,
        """
        CREATE VIEW pgc.pg_tables AS
        SELECT pgc.htap_nspname(schema_name) AS schemaname, relname AS tablename, 'postgres' AS tableowner,
               NULL::VARCHAR AS tablespace, relhasindex AS hasindexes, false AS hasrules, false AS hastriggers,
               false AS rowsecurity
        FROM pgc.htap_rel WHERE relkind = 'r' AND pgc.htap_visible_schema(schema_name)
        """,
        """
        CREATE VIEW pgc.pg_views AS
        SELECT pgc.htap_nspname(schema_name) AS schemaname, view_name AS viewname, 'postgres' AS viewowner, sql AS definition
        FROM duckdb_views() WHERE database_name = current_database() AND NOT internal AND pgc.htap_visible_schema(schema_name)
        """,
        """
        CREATE VIEW pgc.pg_sequence AS
        SELECT pgc.htap_oid('r', schema_name, sequence_name) AS seqrelid, 20::BIGINT AS seqtypid, start_value AS seqstart,
               increment_by AS seqincrement, max_value AS seqmax, min_value AS seqmin, 1::BIGINT AS seqcache, cycle AS seqcycle
        FROM duckdb_sequences() WHERE database_name = current_database()
        """,
        """
        CREATE VIEW pgc.pg_description AS
        SELECT oid AS objoid, 1259::BIGINT AS classoid, 0 AS objsubid, comment AS description
        FROM pgc.htap_rel WHERE comment IS NOT NULL AND comment <> ''
        UNION ALL
        SELECT pgc.htap_oid('r', schema_name, table_name), 1259, column_index, comment
        FROM duckdb_columns() WHERE database_name = current_database() AND comment IS NOT NULL AND comment <> ''
        """,
    ];
}
