using System.Text;
using HtapRouter.TestSupport;
using HtapRouter.TestSupport.Clients;
using Npgsql;

namespace HtapRouter.Replicator.Tests.Workload;

/// <summary>
/// Compares a node with its primary the way a user would: the same SELECT of every column of every table,
/// run by psql against both, rows compared as text in sorted order.
/// </summary>
internal static class ReplicaComparison
{
    // Fields and rows are separated by ASCII unit and record separators, which no workload value contains.
    private const string FieldSeparator = "\u001f";
    private const string RowSeparator = "\u001e";

    /// <summary>Waits until the node's replay position reaches the primary's current WAL position.</summary>
    internal static async Task WaitForCatchUpAsync(PgEndpoint primary, PgEndpoint node, TimeSpan patience, NodeLog? log = null)
    {
        var target = Lsn(await Psql.QueryAsync(primary, "select pg_current_wal_lsn()"));
        var deadline = DateTime.UtcNow + patience;
        var replayed = 0UL;
        while (DateTime.UtcNow < deadline)
        {
            var result = await Psql.RunAsync(node, ["-X", "-A", "-t", "-c", "select pg_last_wal_replay_lsn()"]);
            if (result.Succeeded && result.StandardOutput.Trim() is { Length: > 0 } text && (replayed = Lsn(text)) >= target)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the node replayed up to {replayed:X} but not to the primary's {target:X} within {patience}\n{log?.Tail()}");
    }

    /// <summary>Every difference between primary and node, table by table; empty when they are equal.</summary>
    public static async Task<string> DifferencesAsync(PgEndpoint primary, PgEndpoint node)
    {
        var report = new StringBuilder();
        const string TableList = "select table_name from information_schema.tables where table_schema = 'public' order by 1";
        var primaryTables = await Psql.QueryAsync(primary, TableList);
        var nodeTables = await Psql.QueryAsync(node, TableList);
        if (primaryTables != nodeTables)
        {
            report.AppendLine($"tables differ: primary [{primaryTables.ReplaceLineEndings(", ")}], node [{nodeTables.ReplaceLineEndings(", ")}]");
        }

        foreach (var (table, columns) in await ColumnsAsync(primary))
        {
            var select = $"select {columns} from {table}";
            var expected = await RowsAsync(primary, select);
            var actual = await RowsAsync(node, select);
            if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
            {
                report.AppendLine($"{table}: primary has {expected.Count} rows, node {actual.Count}; {select}");
                foreach (var row in expected.Except(actual, StringComparer.Ordinal).Take(5))
                {
                    report.AppendLine($"  only on the primary: {Show(row)}");
                }

                foreach (var row in actual.Except(expected, StringComparer.Ordinal).Take(5))
                {
                    report.AppendLine($"  only on the node:    {Show(row)}");
                }
            }
        }

        return report.ToString();
    }

    private static async Task<List<(string Table, string Columns)>> ColumnsAsync(PgEndpoint primary)
    {
        await using var connection = new NpgsqlConnection(primary.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select quote_ident(c.relname), string_agg(quote_ident(a.attname), ', ' order by a.attnum)
            from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
            where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
            group by c.relname order by c.relname
            """, connection);
        var tables = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add((reader.GetString(0), reader.GetString(1)));
        }

        return tables;
    }

    private static async Task<List<string>> RowsAsync(PgEndpoint endpoint, string select)
    {
        var result = await Psql.RunAsync(endpoint,
            ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-F", FieldSeparator, "-R", RowSeparator, "-c", "set timezone = 'UTC'", "-c", select]);
        if (!result.Succeeded)
        {
            return [$"<query failed: {result.StandardError.Trim()}>"];
        }

        // psql ends its output with one newline of its own. Only that one goes: a value may itself end in newlines,
        // and trimming them all made the last row printed differ from the same row printed elsewhere in the order.
        var output = result.StandardOutput.EndsWith('\n') ? result.StandardOutput[..^1] : result.StandardOutput;
        var rows = output.Split(RowSeparator, StringSplitOptions.RemoveEmptyEntries).ToList();
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Show(string row) => row.Replace(FieldSeparator, " | ", StringComparison.Ordinal).ReplaceLineEndings("\\n");

    private static ulong Lsn(string text)
    {
        var parts = text.Trim().Split('/');
        return (Convert.ToUInt64(parts[0], 16) << 32) | Convert.ToUInt64(parts[1], 16);
    }
}
