namespace HtapRouter.PgQuery.Tests;

/// <summary>Statements of the kinds clients send, for round-trip and classification tests.</summary>
public static class SqlCorpus
{
    public static readonly string[] Statements =
    [
        "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 100) SELECT sum(n) FROM t",
        "WITH moved AS (DELETE FROM a WHERE x > 1 RETURNING *) INSERT INTO b SELECT * FROM moved",
        "WITH u AS MATERIALIZED (UPDATE t SET v = v + 1 WHERE id = $1 RETURNING id) SELECT count(*) FROM u",
        "SELECT depname, empno, rank() OVER (PARTITION BY depname ORDER BY salary DESC) FROM empsalary",
        "SELECT sum(salary) OVER w, avg(salary) OVER w FROM empsalary WINDOW w AS (PARTITION BY depname ORDER BY salary DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
        "SELECT 'pg_class'::regclass::oid, 'public.t'::pg_catalog.regclass",
        "SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname OPERATOR(pg_catalog.~) '^(pg_class)$' COLLATE pg_catalog.default AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 2, 3",
        """
        SELECT n.nspname as "Schema",
          c.relname as "Name",
          CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
          pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
        FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
        WHERE c.relkind IN ('r','p','v','m','S','f','')
              AND n.nspname <> 'pg_catalog'
              AND n.nspname !~ '^pg_toast'
              AND n.nspname <> 'information_schema'
          AND pg_catalog.pg_table_is_visible(c.oid)
        ORDER BY 1,2
        """,
        """
        SELECT a.attname,
          pg_catalog.format_type(a.atttypid, a.atttypmod),
          (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
           FROM pg_catalog.pg_attrdef d
           WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
          a.attnotnull,
          (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
           WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
          a.attidentity,
          a.attgenerated
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = '1259' AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """,
        """
        SELECT pol.polname, pol.polpermissive,
          CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,
          pg_catalog.pg_get_expr(pol.polqual, pol.polrelid)
        FROM pg_catalog.pg_policy pol
        WHERE pol.polrelid = '1259' ORDER BY 1
        """,
        "SELECT c.oid::pg_catalog.regclass, c.relkind, pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i WHERE c.oid = i.inhrelid AND i.inhparent = '1259' ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.oid::pg_catalog.regclass::pg_catalog.text",
        "COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER true)",
        "COPY (SELECT * FROM t WHERE a > 1) TO STDOUT WITH (FORMAT binary)",
        "SET search_path TO public, \"$user\"",
        "SET LOCAL statement_timeout = '5s'",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
        "RESET ALL",
        "SHOW transaction_isolation",
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE, DEFERRABLE",
        "COMMIT",
        "ROLLBACK TO SAVEPOINT s1",
        "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM t",
        "EXPLAIN ANALYZE SELECT 1",
        "EXPLAIN (COSTS off) SELECT * FROM t",
        "SELECT * FROM t WHERE id = $1 FOR UPDATE SKIP LOCKED",
        "SELECT * FROM a JOIN b USING (id) FOR NO KEY UPDATE OF a",
        "SELECT * FROM t FOR UPDATE NOWAIT",
        "SELECT * INTO TEMP new_t FROM t",
        "TABLE t",
        "VALUES (1, 'a'), (2, 'b')",
        "LOCK TABLE t IN ACCESS EXCLUSIVE MODE",
        "INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT (a) DO UPDATE SET b = excluded.b RETURNING *",
        "UPDATE t SET a = a + 1 FROM u WHERE t.id = u.id",
        "DELETE FROM t USING u WHERE t.id = u.id",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v)",
        "SELECT * FROM a, LATERAL (SELECT * FROM b WHERE b.x = a.x) sub",
        "SELECT x FROM generate_series(1, 10) AS g(x)",
        "SELECT array_agg(x ORDER BY x) FILTER (WHERE x > 1) FROM t",
        "SELECT CASE WHEN a THEN 1 ELSE 2 END, COALESCE(a, b), a IS DISTINCT FROM b, x BETWEEN 1 AND 2 FROM t",
        "SELECT now() AT TIME ZONE 'UTC', EXTRACT(epoch FROM now()), interval '1 day', current_timestamp",
        "SELECT \"Weird \"\"Name\"\"\", 'it''s', E'tab\\there', 'Grüße 😀'",
        "PREPARE q(int, text) AS SELECT $1, $2",
        "EXECUTE q(1, 'x')",
        "DEALLOCATE q",
        "CREATE TABLE t (id bigint PRIMARY KEY, v text NOT NULL DEFAULT '')",
        "CREATE TEMP TABLE tt AS SELECT 1 AS a",
        "SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b DESC NULLS LAST LIMIT 10 OFFSET 5",
        "SELECT a, count(*) FROM t GROUP BY ROLLUP (a) HAVING count(*) > 1",
        "SELECT 1 UNION SELECT 2 EXCEPT SELECT 3",
        "SELECT * FROM t WHERE a = ANY ($1::int[])",
        "SELECT jsonb_build_object('a', 1) -> 'a' ->> 0",
        "DECLARE c CURSOR WITH HOLD FOR SELECT * FROM t",
        "FETCH 10 FROM c",
        "CLOSE c",
        "DO $$BEGIN PERFORM 1; END$$",
        "LISTEN ch",
        "NOTIFY ch, 'payload'",
        "DISCARD ALL",
        "VACUUM ANALYZE t",
    ];
}
