namespace HtapRouter.AnalyticNode.Catalog;

internal static partial class CatalogSql
{
    /// <summary>
    /// Schemas, the database, roles, access methods, functions and the other shared catalogs. The database is
    /// the one the session connected to (the session variable htap_database), as a standby serves its primary's.
    /// </summary>
    public static readonly string[] Cluster =
    [
        """
        CREATE VIEW pgc.pg_namespace AS
        SELECT * FROM (VALUES (11::BIGINT, 'pg_catalog', 10::BIGINT), (99, 'pg_toast', 10), (13183, 'information_schema', 10))
            t(oid, nspname, nspowner)
        UNION ALL
        SELECT pgc.htap_nspoid(schema_name), pgc.htap_nspname(schema_name),
               CASE schema_name WHEN 'main' THEN 6171 ELSE 10 END
        FROM duckdb_schemas() WHERE database_name = current_database() AND pgc.htap_visible_schema(schema_name)
        """,
        """
        CREATE VIEW pgc.pg_database AS
        SELECT 5::BIGINT AS oid, coalesce(getvariable('htap_database'), current_database()) AS datname, 10::BIGINT AS datdba,
               6 AS encoding, 'c' AS datlocprovider, false AS datistemplate, true AS datallowconn, -1 AS datconnlimit,
               0::BIGINT AS datfrozenxid, 1::BIGINT AS datminmxid, 1663::BIGINT AS dattablespace, 'C.UTF-8' AS datcollate,
               'C.UTF-8' AS datctype, NULL::VARCHAR AS daticulocale, NULL::VARCHAR AS datcollversion, NULL::VARCHAR[] AS datacl
        """,
        """
        CREATE VIEW pgc.pg_authid AS
        SELECT * FROM (VALUES
            (10::BIGINT, 'postgres', true, true, true, true, true, true, true, -1, NULL::VARCHAR, NULL::TIMESTAMPTZ),
            (6171, 'pg_database_owner', false, true, false, false, false, false, false, -1, NULL, NULL))
            t(oid, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls,
              rolconnlimit, rolpassword, rolvaliduntil)
        UNION ALL
        SELECT pgc.htap_oid('u', '', getvariable('htap_user')), getvariable('htap_user'), false, true, false, false, true,
               false, false, -1, NULL, NULL
        WHERE getvariable('htap_user') IS NOT NULL AND getvariable('htap_user') NOT IN ('postgres', 'pg_database_owner')
        """,
        """
        CREATE VIEW pgc.pg_roles AS
        SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolconnlimit,
               '********' AS rolpassword, rolvaliduntil, rolbypassrls, NULL::VARCHAR[] AS rolconfig, oid
        FROM pgc.pg_authid
        """,
        """
        CREATE VIEW pgc.pg_user AS
        SELECT rolname AS usename, oid AS usesysid, rolcreatedb AS usecreatedb, rolsuper AS usesuper,
               rolreplication AS userepl, rolbypassrls AS usebypassrls, '********' AS passwd, rolvaliduntil AS valuntil,
               NULL::VARCHAR[] AS useconfig
        FROM pgc.pg_authid WHERE rolcanlogin
        """,
        """
        CREATE TABLE pgc.pg_am AS SELECT * FROM (VALUES
            (2::BIGINT, 'heap', 'heap_tableam_handler', 't'), (403, 'btree', 'bthandler', 'i'), (405, 'hash', 'hashhandler', 'i'),
            (783, 'gist', 'gisthandler', 'i'), (2742, 'gin', 'ginhandler', 'i'), (4000, 'spgist', 'spghandler', 'i'),
            (3580, 'brin', 'brinhandler', 'i')) t(oid, amname, amhandler, amtype)
        """,
        """
        CREATE TABLE pgc.pg_collation AS SELECT * FROM (VALUES
            (100::BIGINT, 'default', 11::BIGINT, 10::BIGINT, 'd', true, -1, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR),
            (950, 'C', 11, 10, 'c', true, -1, 'C', 'C', NULL, NULL),
            (951, 'POSIX', 11, 10, 'c', true, -1, 'POSIX', 'POSIX', NULL, NULL))
            t(oid, collname, collnamespace, collowner, collprovider, collisdeterministic, collencoding, collcollate,
              collctype, colliculocale, collversion)
        """,
        """
        CREATE TABLE pgc.pg_tablespace AS SELECT * FROM (VALUES
            (1663::BIGINT, 'pg_default', 10::BIGINT, NULL::VARCHAR[], NULL::VARCHAR[]), (1664, 'pg_global', 10, NULL, NULL))
            t(oid, spcname, spcowner, spcacl, spcoptions)
        """,
        """
        CREATE TABLE pgc.pg_extension AS SELECT * FROM (VALUES
            (13650::BIGINT, 'plpgsql', 10::BIGINT, 11::BIGINT, false, '1.0', NULL::BIGINT[], NULL::VARCHAR[]))
            t(oid, extname, extowner, extnamespace, extrelocatable, extversion, extconfig, extcondition)
        """,
        """
        CREATE TABLE pgc.pg_language AS SELECT * FROM (VALUES
            (12::BIGINT, 'internal', 10::BIGINT, false, false, 0::BIGINT, 0::BIGINT, 0::BIGINT, NULL::VARCHAR[]),
            (13, 'c', 10, false, false, 0, 0, 0, NULL), (14, 'sql', 10, false, true, 0, 0, 0, NULL),
            (13649, 'plpgsql', 10, true, true, 0, 0, 0, NULL))
            t(oid, lanname, lanowner, lanispl, lanpltrusted, lanplcallfoid, laninline, lanvalidator, lanacl)
        """,
        """
        CREATE TABLE pgc.htap_catalog_relation AS SELECT * FROM (VALUES
            (1259::BIGINT, 'pg_class'), (1247, 'pg_type'), (1249, 'pg_attribute'), (1255, 'pg_proc'), (2615, 'pg_namespace'),
            (2606, 'pg_constraint'), (2610, 'pg_index'), (1262, 'pg_database'), (2609, 'pg_description'), (1260, 'pg_authid'),
            (2601, 'pg_am'), (2620, 'pg_trigger'), (2618, 'pg_rewrite'), (3456, 'pg_collation'), (3079, 'pg_extension'),
            (1213, 'pg_tablespace'), (2611, 'pg_inherits'), (2604, 'pg_attrdef'), (3501, 'pg_enum'), (2396, 'pg_shdescription'))
            t(oid, relname)
        """,
        """
        CREATE VIEW pgc.pg_proc AS
        SELECT oid::BIGINT AS oid, proname, 11::BIGINT AS pronamespace, 10::BIGINT AS proowner,
               12::BIGINT AS prolang, 1.0 AS procost, 0.0 AS prorows, 0::BIGINT AS provariadic, 0::BIGINT AS prosupport,
               'f' AS prokind, false AS prosecdef, false AS proleakproof, true AS proisstrict, false AS proretset,
               'i' AS provolatile, 's' AS proparallel, CAST(1 AS SMALLINT) AS pronargs, CAST(0 AS SMALLINT) AS pronargdefaults,
               0::BIGINT AS prorettype, []::BIGINT[] AS proargtypes, NULL::BIGINT[] AS proallargtypes,
               NULL::VARCHAR[] AS proargmodes, NULL::VARCHAR[] AS proargnames, NULL::VARCHAR AS proargdefaults,
               NULL::BIGINT[] AS protrftypes, proname AS prosrc, NULL::VARCHAR AS probin, NULL::VARCHAR AS prosqlbody,
               NULL::VARCHAR[] AS proconfig, NULL::VARCHAR[] AS proacl, NULL::VARCHAR AS htap_result,
               NULL::VARCHAR AS htap_arguments
        FROM pgc.htap_builtin_proc
        UNION ALL
        SELECT pgc.htap_oid('p', schema_name, function_name || '(' || array_to_string(parameters, ',') || ')'),
               function_name, pgc.htap_nspoid(schema_name), 10, 14, 100, CASE WHEN function_type = 'table_macro' THEN 1000 ELSE 0 END,
               0, 0, 'f', false, false, false, function_type = 'table_macro', 'v', 'u', CAST(len(parameters) AS SMALLINT), 0,
               CASE WHEN function_type = 'table_macro' THEN 2249 ELSE 0 END, list_transform(parameters, p -> 0::BIGINT),
               NULL, NULL, parameters, NULL, NULL, macro_definition, NULL, NULL, NULL, NULL,
               CASE WHEN function_type = 'table_macro' THEN 'SETOF record' ELSE coalesce(lower(return_type), 'unknown') END,
               array_to_string(parameters, ', ')
        FROM duckdb_functions() WHERE database_name = current_database() AND NOT internal
        """,
    ];

    /// <summary>Catalogs of features a replica of plain tables has none of: empty, with PostgreSQL 15's columns.</summary>
    public static readonly string[] EmptyCatalogs =
    [
        "CREATE TABLE pgc.pg_auth_members (roleid BIGINT, member BIGINT, grantor BIGINT, admin_option BOOLEAN)",
        "CREATE TABLE pgc.pg_shdescription (objoid BIGINT, classoid BIGINT, description VARCHAR)",
        "CREATE TABLE pgc.pg_range (rngtypid BIGINT, rngsubtype BIGINT, rngmultitypid BIGINT, rngcollation BIGINT, rngsubopc BIGINT, rngcanonical BIGINT, rngsubdiff BIGINT)",
        "CREATE TABLE pgc.pg_enum (oid BIGINT, enumtypid BIGINT, enumsortorder REAL, enumlabel VARCHAR)",
        "CREATE TABLE pgc.pg_inherits (inhrelid BIGINT, inhparent BIGINT, inhseqno INTEGER, inhdetachpending BOOLEAN)",
        "CREATE TABLE pgc.pg_partitioned_table (partrelid BIGINT, partstrat VARCHAR, partnatts SMALLINT, partdefid BIGINT, partattrs SMALLINT[], partclass BIGINT[], partcollation BIGINT[], partexprs VARCHAR)",
        "CREATE TABLE pgc.pg_trigger (oid BIGINT, tgrelid BIGINT, tgparentid BIGINT, tgname VARCHAR, tgfoid BIGINT, tgtype SMALLINT, tgenabled VARCHAR, tgisinternal BOOLEAN, tgconstrrelid BIGINT, tgconstrindid BIGINT, tgconstraint BIGINT, tgdeferrable BOOLEAN, tginitdeferred BOOLEAN, tgnargs SMALLINT, tgattr SMALLINT[], tgargs BLOB, tgqual VARCHAR, tgoldtable VARCHAR, tgnewtable VARCHAR)",
        "CREATE TABLE pgc.pg_policy (oid BIGINT, polname VARCHAR, polrelid BIGINT, polcmd VARCHAR, polpermissive BOOLEAN, polroles BIGINT[], polqual VARCHAR, polwithcheck VARCHAR)",
        "CREATE TABLE pgc.pg_statistic_ext (oid BIGINT, stxrelid BIGINT, stxname VARCHAR, stxnamespace BIGINT, stxowner BIGINT, stxstattarget INTEGER, stxkeys SMALLINT[], stxkind VARCHAR[], stxexprs VARCHAR)",
        "CREATE TABLE pgc.pg_publication (oid BIGINT, pubname VARCHAR, pubowner BIGINT, puballtables BOOLEAN, pubinsert BOOLEAN, pubupdate BOOLEAN, pubdelete BOOLEAN, pubtruncate BOOLEAN, pubviaroot BOOLEAN)",
        "CREATE TABLE pgc.pg_publication_rel (oid BIGINT, prpubid BIGINT, prrelid BIGINT, prqual VARCHAR, prattrs SMALLINT[])",
        "CREATE TABLE pgc.pg_publication_namespace (oid BIGINT, pnpubid BIGINT, pnnspid BIGINT)",
        "CREATE TABLE pgc.pg_foreign_table (ftrelid BIGINT, ftserver BIGINT, ftoptions VARCHAR[])",
        "CREATE TABLE pgc.pg_foreign_server (oid BIGINT, srvname VARCHAR, srvowner BIGINT, srvfdw BIGINT, srvtype VARCHAR, srvversion VARCHAR, srvacl VARCHAR[], srvoptions VARCHAR[])",
        "CREATE TABLE pgc.pg_foreign_data_wrapper (oid BIGINT, fdwname VARCHAR, fdwowner BIGINT, fdwhandler BIGINT, fdwvalidator BIGINT, fdwacl VARCHAR[], fdwoptions VARCHAR[])",
        "CREATE TABLE pgc.pg_rewrite (oid BIGINT, rulename VARCHAR, ev_class BIGINT, ev_type VARCHAR, ev_enabled VARCHAR, is_instead BOOLEAN, ev_qual VARCHAR, ev_action VARCHAR)",
        "CREATE TABLE pgc.pg_depend (classid BIGINT, objid BIGINT, objsubid INTEGER, refclassid BIGINT, refobjid BIGINT, refobjsubid INTEGER, deptype VARCHAR)",
        "CREATE TABLE pgc.pg_event_trigger (oid BIGINT, evtname VARCHAR, evtevent VARCHAR, evtowner BIGINT, evtfoid BIGINT, evtenabled VARCHAR, evttags VARCHAR[])",
        "CREATE TABLE pgc.pg_default_acl (oid BIGINT, defaclrole BIGINT, defaclnamespace BIGINT, defaclobjtype VARCHAR, defaclacl VARCHAR[])",
        "CREATE TABLE pgc.pg_init_privs (objoid BIGINT, classoid BIGINT, objsubid INTEGER, privtype VARCHAR, initprivs VARCHAR[])",
        "CREATE TABLE pgc.pg_seclabel (objoid BIGINT, classoid BIGINT, objsubid INTEGER, provider VARCHAR, label VARCHAR)",
        "CREATE TABLE pgc.pg_shseclabel (objoid BIGINT, classoid BIGINT, provider VARCHAR, label VARCHAR)",
        "CREATE TABLE pgc.pg_db_role_setting (setdatabase BIGINT, setrole BIGINT, setconfig VARCHAR[])",
        "CREATE TABLE pgc.pg_matviews (schemaname VARCHAR, matviewname VARCHAR, matviewowner VARCHAR, tablespace VARCHAR, hasindexes BOOLEAN, ispopulated BOOLEAN, definition VARCHAR)",
        "CREATE TABLE pgc.pg_operator (oid BIGINT, oprname VARCHAR, oprnamespace BIGINT, oprowner BIGINT, oprkind VARCHAR, oprcanmerge BOOLEAN, oprcanhash BOOLEAN, oprleft BIGINT, oprright BIGINT, oprresult BIGINT, oprcom BIGINT, oprnegate BIGINT, oprcode BIGINT, oprrest BIGINT, oprjoin BIGINT)",
        "CREATE TABLE pgc.pg_cast (oid BIGINT, castsource BIGINT, casttarget BIGINT, castfunc BIGINT, castcontext VARCHAR, castmethod VARCHAR)",
        "CREATE TABLE pgc.pg_opclass (oid BIGINT, opcmethod BIGINT, opcname VARCHAR, opcnamespace BIGINT, opcowner BIGINT, opcfamily BIGINT, opcintype BIGINT, opcdefault BOOLEAN, opckeytype BIGINT)",
        "CREATE TABLE pgc.pg_conversion (oid BIGINT, conname VARCHAR, connamespace BIGINT, conowner BIGINT, conforencoding INTEGER, contoencoding INTEGER, conproc BIGINT, condefault BOOLEAN)",
        "CREATE TABLE pgc.pg_aggregate (aggfnoid BIGINT, aggkind VARCHAR, aggnumdirectargs SMALLINT, aggtransfn BIGINT, aggfinalfn BIGINT, aggtranstype BIGINT, agginitval VARCHAR)",
        "CREATE TABLE pgc.pg_ts_config (oid BIGINT, cfgname VARCHAR, cfgnamespace BIGINT, cfgowner BIGINT, cfgparser BIGINT)",
        "CREATE TABLE pgc.pg_ts_dict (oid BIGINT, dictname VARCHAR, dictnamespace BIGINT, dictowner BIGINT, dicttemplate BIGINT, dictinitoption VARCHAR)",
        "CREATE TABLE pgc.pg_ts_parser (oid BIGINT, prsname VARCHAR, prsnamespace BIGINT)",
        "CREATE TABLE pgc.pg_ts_template (oid BIGINT, tmplname VARCHAR, tmplnamespace BIGINT)",
        "CREATE TABLE pgc.pg_transform (oid BIGINT, trftype BIGINT, trflang BIGINT, trffromsql BIGINT, trftosql BIGINT)",
        "CREATE TABLE pgc.pg_opfamily (oid BIGINT, opfmethod BIGINT, opfname VARCHAR, opfnamespace BIGINT, opfowner BIGINT)",
        "CREATE TABLE pgc.pg_largeobject_metadata (oid BIGINT, lomowner BIGINT, lomacl VARCHAR[])",
        "CREATE TABLE pgc.pg_user_mappings (umid BIGINT, srvid BIGINT, srvname VARCHAR, umuser BIGINT, usename VARCHAR, umoptions VARCHAR[])",
        "CREATE TABLE pgc.pg_stat_replication (pid INTEGER, usesysid BIGINT, usename VARCHAR, application_name VARCHAR, client_addr VARCHAR, state VARCHAR, sent_lsn VARCHAR, write_lsn VARCHAR, flush_lsn VARCHAR, replay_lsn VARCHAR, sync_state VARCHAR)",
        "CREATE TABLE pgc.pg_locks (locktype VARCHAR, database BIGINT, relation BIGINT, pid INTEGER, mode VARCHAR, granted BOOLEAN)",
    ];
}
