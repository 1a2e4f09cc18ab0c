using System.Globalization;
using HtapRouter.Bench.Stack;

namespace HtapRouter.Bench.Data;

/// <summary>
/// The tables of the replication, freshness and streaming scenarios. They exist before the node's first start, so
/// its initial copy takes them and its stream then carries every change to them.
/// </summary>
public static class BenchTables
{
    public const string Insert = "repl_insert";
    public const string Mixed = "repl_mixed";
    public const string Probe = "fresh_probe";
    public const string Stream = "stream_src";

    public static async Task CreateAsync(PrimaryServer primary, int mixedRows, int streamRows, CancellationToken cancellationToken)
    {
        await primary.ExecuteAsync($"""
            CREATE TABLE {Insert} (id bigint PRIMARY KEY, k integer NOT NULL, v text NOT NULL, ts timestamptz NOT NULL);
            CREATE TABLE {Mixed} (id bigint PRIMARY KEY, k integer NOT NULL, v text NOT NULL, n numeric(12,2) NOT NULL);
            CREATE TABLE {Probe} (id integer PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp());
            CREATE TABLE {Stream} (id bigint PRIMARY KEY, i integer NOT NULL, f double precision NOT NULL, n numeric(12,2) NOT NULL,
                t text NOT NULL, d date NOT NULL, ts timestamptz NOT NULL, b boolean NOT NULL);
            {SeedMixed(mixedRows)}
            INSERT INTO {Stream}
            SELECT g, ((g::bigint * 7919) % 1000003)::int, g / 7.0, round((g % 100000) / 3.0, 2), 'row ' || g || ' ' || left(md5(g::text), 12),
                date '2000-01-01' + (g % 9000)::int, timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second', g % 3 = 0
            FROM generate_series(1, {streamRows.ToString(CultureInfo.InvariantCulture)}) g;
            ANALYZE;
            """, cancellationToken);
    }

    /// <summary>Refills the mixed-workload table to its starting contents (runs as replicated changes once the node streams).</summary>
    public static string SeedMixed(int rows) => $"""
        TRUNCATE {Mixed};
        INSERT INTO {Mixed} SELECT g, g % 1000, md5(g::text), (g % 100000) / 100.0 FROM generate_series(1, {rows.ToString(CultureInfo.InvariantCulture)}) g;
        """;
}
