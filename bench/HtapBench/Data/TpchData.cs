using System.Globalization;
using HtapRouter.Bench.Stack;

namespace HtapRouter.Bench.Data;

/// <summary>
/// TPC-H-style tables with the specification's column types, filled by SQL in PostgreSQL (DuckDB cannot load its
/// tpch extension here). Values follow the specification's shapes and domains (dates 1992–1998, flags derived from
/// the dates, the lists of segments, priorities, modes, brands, types and containers, part prices by the spec's
/// formula, four suppliers per part) closely enough for the standard queries to select and group realistically;
/// they are not dbgen's exact data. <c>setseed</c> makes every run produce the same rows.
/// </summary>
public static class TpchData
{
    public static readonly string[] Tables = ["region", "nation", "supplier", "customer", "part", "partsupp", "orders", "lineitem"];

    public sealed record Sizes(int Suppliers, int Customers, int Parts, int Orders)
    {
        public static Sizes For(double scale) => new(
            Math.Max(4, (int)Math.Round(10_000 * scale)),
            Math.Max(10, (int)Math.Round(150_000 * scale)),
            Math.Max(10, (int)Math.Round(200_000 * scale)),
            Math.Max(10, (int)Math.Round(1_500_000 * scale)));
    }

    /// <summary>Creates and fills the tables, adds their keys, and vacuums and analyzes them.</summary>
    public static async Task CreateAsync(PrimaryServer primary, double scale, CancellationToken cancellationToken)
    {
        var sizes = Sizes.For(scale);
        await using var connection = await primary.OpenAsync(cancellationToken);
        foreach (var step in (string[])[Schema, Reference, Suppliers(sizes), Customers(sizes), Parts(sizes), PartSupp(sizes), Orders(sizes), LineItems(sizes), Keys])
        {
            await using var command = new Npgsql.NpgsqlCommand(step, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await primary.ExecuteAsync("VACUUM ANALYZE", cancellationToken);
    }

    private const string Schema = """
        SELECT setseed(0.4242);
        CREATE TABLE region (r_regionkey integer NOT NULL, r_name char(25) NOT NULL, r_comment varchar(152));
        CREATE TABLE nation (n_nationkey integer NOT NULL, n_name char(25) NOT NULL, n_regionkey integer NOT NULL, n_comment varchar(152));
        CREATE TABLE supplier (s_suppkey integer NOT NULL, s_name char(25) NOT NULL, s_address varchar(40) NOT NULL,
            s_nationkey integer NOT NULL, s_phone char(15) NOT NULL, s_acctbal numeric(15,2) NOT NULL, s_comment varchar(101) NOT NULL);
        CREATE TABLE customer (c_custkey integer NOT NULL, c_name varchar(25) NOT NULL, c_address varchar(40) NOT NULL,
            c_nationkey integer NOT NULL, c_phone char(15) NOT NULL, c_acctbal numeric(15,2) NOT NULL, c_mktsegment char(10) NOT NULL,
            c_comment varchar(117) NOT NULL);
        CREATE TABLE part (p_partkey integer NOT NULL, p_name varchar(55) NOT NULL, p_mfgr char(25) NOT NULL, p_brand char(10) NOT NULL,
            p_type varchar(25) NOT NULL, p_size integer NOT NULL, p_container char(10) NOT NULL, p_retailprice numeric(15,2) NOT NULL,
            p_comment varchar(23) NOT NULL);
        CREATE TABLE partsupp (ps_partkey integer NOT NULL, ps_suppkey integer NOT NULL, ps_availqty integer NOT NULL,
            ps_supplycost numeric(15,2) NOT NULL, ps_comment varchar(199) NOT NULL);
        CREATE TABLE orders (o_orderkey bigint NOT NULL, o_custkey integer NOT NULL, o_orderstatus char(1) NOT NULL,
            o_totalprice numeric(15,2) NOT NULL, o_orderdate date NOT NULL, o_orderpriority char(15) NOT NULL, o_clerk char(15) NOT NULL,
            o_shippriority integer NOT NULL, o_comment varchar(79) NOT NULL);
        CREATE TABLE lineitem (l_orderkey bigint NOT NULL, l_partkey integer NOT NULL, l_suppkey integer NOT NULL,
            l_linenumber integer NOT NULL, l_quantity numeric(15,2) NOT NULL, l_extendedprice numeric(15,2) NOT NULL,
            l_discount numeric(15,2) NOT NULL, l_tax numeric(15,2) NOT NULL, l_returnflag char(1) NOT NULL, l_linestatus char(1) NOT NULL,
            l_shipdate date NOT NULL, l_commitdate date NOT NULL, l_receiptdate date NOT NULL, l_shipinstruct char(25) NOT NULL,
            l_shipmode char(10) NOT NULL, l_comment varchar(44) NOT NULL);
        """;

    private const string Reference = """
        INSERT INTO region VALUES (0, 'AFRICA', 'lar deposits'), (1, 'AMERICA', 'hs use ironic requests'), (2, 'ASIA', 'ges thrash'),
            (3, 'EUROPE', 'ly final courts'), (4, 'MIDDLE EAST', 'uickly special accounts');
        INSERT INTO nation (n_nationkey, n_name, n_regionkey, n_comment)
        SELECT n - 1, name, region, 'nation ' || name FROM unnest(
            ARRAY['ALGERIA', 'ARGENTINA', 'BRAZIL', 'CANADA', 'EGYPT', 'ETHIOPIA', 'FRANCE', 'GERMANY', 'INDIA', 'INDONESIA', 'IRAN',
                  'IRAQ', 'JAPAN', 'JORDAN', 'KENYA', 'MOROCCO', 'MOZAMBIQUE', 'PERU', 'CHINA', 'ROMANIA', 'SAUDI ARABIA', 'VIETNAM',
                  'RUSSIA', 'UNITED KINGDOM', 'UNITED STATES'],
            ARRAY[0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1]) WITH ORDINALITY AS t(name, region, n);
        """;

    // A phone number of the spec's form, with the nation's country code.
    private const string Phone = """
        lpad((nk + 10)::text, 2, '0') || '-' || (100 + floor(random() * 900))::int || '-' || (100 + floor(random() * 900))::int
            || '-' || (1000 + floor(random() * 9000))::int
        """;

    private static string Suppliers(Sizes s) => Sql($"""
        INSERT INTO supplier SELECT i, 'Supplier#' || lpad(i::text, 9, '0'), md5(i::text), nk, {Phone},
            round((random() * 10998.99 - 999.99)::numeric, 2),
            CASE WHEN i % 100 = 7 THEN 'Customer Complaints ' ELSE '' END || left(md5(random()::text), 40)
        FROM (SELECT i, (i % 25)::int AS nk FROM generate_series(1, {s.Suppliers}) i) g;
        """);

    private static string Customers(Sizes s) => Sql($"""
        INSERT INTO customer SELECT i, 'Customer#' || lpad(i::text, 9, '0'), md5(i::text), nk, {Phone},
            round((random() * 10998.99 - 999.99)::numeric, 2),
            (ARRAY['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'MACHINERY', 'HOUSEHOLD'])[1 + floor(random() * 5)::int],
            left(md5(random()::text), 30)
        FROM (SELECT i, floor(random() * 25)::int AS nk FROM generate_series(1, {s.Customers}) i) g;
        """);

    private static string Parts(Sizes s) => Sql($"""
        INSERT INTO part
        SELECT i,
            w[1 + floor(random() * 30)::int] || ' ' || w[1 + floor(random() * 30)::int] || ' ' || w[1 + floor(random() * 30)::int],
            'Manufacturer#' || m, 'Brand#' || m || (1 + floor(random() * 5))::int,
            (ARRAY['STANDARD', 'SMALL', 'MEDIUM', 'LARGE', 'ECONOMY', 'PROMO'])[1 + floor(random() * 6)::int] || ' ' ||
            (ARRAY['ANODIZED', 'BURNISHED', 'PLATED', 'POLISHED', 'BRUSHED'])[1 + floor(random() * 5)::int] || ' ' ||
            (ARRAY['TIN', 'NICKEL', 'BRASS', 'STEEL', 'COPPER'])[1 + floor(random() * 5)::int],
            1 + floor(random() * 50)::int,
            (ARRAY['SM', 'MED', 'LG', 'JUMBO', 'WRAP'])[1 + floor(random() * 5)::int] || ' ' ||
            (ARRAY['CASE', 'BOX', 'BAG', 'JAR', 'PKG', 'PACK', 'CAN', 'DRUM'])[1 + floor(random() * 8)::int],
            (90000 + ((i / 10) % 20001) + 100 * (i % 1000)) / 100.0,
            left(md5(i::text), 20)
        FROM (SELECT i, 1 + floor(random() * 5)::int AS m FROM generate_series(1, {s.Parts}) i) g,
            (SELECT ARRAY['almond', 'antique', 'azure', 'beige', 'black', 'blue', 'blush', 'brown', 'chartreuse', 'chocolate',
                'coral', 'cream', 'cyan', 'dark', 'forest', 'frosted', 'ghost', 'green', 'honeydew', 'ivory', 'khaki', 'lavender',
                'lemon', 'linen', 'maroon', 'navy', 'olive', 'orchid', 'peach', 'purple'] AS w) words;
        """);

    // Four suppliers per part, spread over all suppliers; lineitem picks one of the same four, so joins on both keys match.
    private static string PartSupp(Sizes s) => Sql($"""
        INSERT INTO partsupp SELECT p, ((p + j * ({s.Suppliers} / 4)) % {s.Suppliers}) + 1, 1 + floor(random() * 9999)::int,
            round((1 + random() * 999)::numeric, 2), left(md5(random()::text), 50)
        FROM generate_series(1, {s.Parts}) p, generate_series(0, 3) j;
        """);

    private static string Orders(Sizes s) => Sql($"""
        INSERT INTO orders SELECT i, 1 + floor(random() * {s.Customers})::int,
            (ARRAY['F', 'O', 'P'])[1 + floor(random() * 3)::int],
            round((1000 + random() * 450000)::numeric, 2),
            date '1992-01-01' + floor(random() * 2405)::int,
            (ARRAY['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW'])[1 + floor(random() * 5)::int],
            'Clerk#' || lpad((1 + floor(random() * 1000))::int::text, 9, '0'), 0,
            (ARRAY['carefully final', 'special requests', 'quickly regular', 'pending deposits', 'express accounts'])[1 + floor(random() * 5)::int]
                || ' ' || left(md5(i::text), 20)
        FROM generate_series(1, {s.Orders}) i;
        """);

    // One to seven lines per order (four on average, so about 6M per scale unit); flags follow the dates as in the spec.
    private static string LineItems(Sizes s) => Sql($"""
        INSERT INTO lineitem
        SELECT o_orderkey, partkey, ((partkey + floor(random() * 4)::int * ({s.Suppliers} / 4)) % {s.Suppliers}) + 1, ln, qty,
            round(qty * (90000 + ((partkey / 10) % 20001) + 100 * (partkey % 1000)) / 100.0, 2),
            round(floor(random() * 11)::numeric / 100, 2), round(floor(random() * 9)::numeric / 100, 2),
            CASE WHEN receiptdate <= date '1995-06-17' THEN (CASE WHEN random() < 0.5 THEN 'R' ELSE 'A' END) ELSE 'N' END,
            CASE WHEN shipdate > date '1995-06-17' THEN 'O' ELSE 'F' END,
            shipdate, commitdate, receiptdate,
            (ARRAY['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'])[1 + floor(random() * 4)::int],
            (ARRAY['AIR REG', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'])[1 + floor(random() * 7)::int],
            left(md5(random()::text), 25)
        FROM (
            SELECT o_orderkey, ln, 1 + floor(random() * {s.Parts})::int AS partkey, (1 + floor(random() * 50))::numeric AS qty,
                shipdate, o_orderdate + 30 + floor(random() * 61)::int AS commitdate, shipdate + 1 + floor(random() * 30)::int AS receiptdate
            FROM (
                SELECT o_orderkey, o_orderdate, ln, o_orderdate + 1 + floor(random() * 121)::int AS shipdate
                FROM orders, generate_series(1, 1 + (o_orderkey * 2654435761 % 7)::int) ln
            ) dated
        ) line;
        """);

    private const string Keys = """
        ALTER TABLE region ADD PRIMARY KEY (r_regionkey);
        ALTER TABLE nation ADD PRIMARY KEY (n_nationkey);
        ALTER TABLE supplier ADD PRIMARY KEY (s_suppkey);
        ALTER TABLE customer ADD PRIMARY KEY (c_custkey);
        ALTER TABLE part ADD PRIMARY KEY (p_partkey);
        ALTER TABLE partsupp ADD PRIMARY KEY (ps_partkey, ps_suppkey);
        ALTER TABLE orders ADD PRIMARY KEY (o_orderkey);
        ALTER TABLE lineitem ADD PRIMARY KEY (l_orderkey, l_linenumber);
        CREATE INDEX orders_custkey ON orders (o_custkey);
        CREATE INDEX lineitem_partkey ON lineitem (l_partkey);
        """;

    private static string Sql(FormattableString sql) => sql.ToString(CultureInfo.InvariantCulture);
}
