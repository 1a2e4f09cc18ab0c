using System.Globalization;
using Npgsql;

namespace HtapRouter.Replicator.Sync;

/// <summary>
/// How a table is cut into ctid ranges, one COPY stream each, so that the primary sends a big table on more than
/// one backend while the streams are decoded on more than one thread. The ranges cover every tuple id: the first
/// has no lower bound and the last no upper bound, so rows in blocks added after the size was read, or in
/// inheritance children and partitions (whose tuple ids are their own), still fall in exactly one slice.
/// </summary>
/// <param name="Count">Number of slices.</param>
/// <param name="Pages">Heap size in blocks when planned; the bounds divide it evenly.</param>
internal sealed record TableSlices(int Count, long Pages)
{
    /// <summary>Below this many blocks (64 MB of 8 kB blocks) a second stream costs more than it saves.</summary>
    internal const long MinPagesToSplit = 8192;

    /// <summary>
    /// COPY streams for a big table: two. Each stream has a thread that decodes its rows while the other's thread
    /// appends a chunk to DuckDB, so decoding overlaps DuckDB's storing, and the primary sends on two backends.
    /// </summary>
    public const int Streams = 2;

    /// <summary>The whole table in one stream.</summary>
    public static readonly TableSlices Whole = new(1, 0);

    /// <summary>
    /// Slices for the table: <paramref name="streams"/> when it is big enough and the server scans ctid ranges
    /// directly (TID range scans, PostgreSQL 14), else one.
    /// </summary>
    public static async Task<TableSlices> PlanAsync(NpgsqlConnection connection, uint relationId, int streams, CancellationToken cancellationToken)
    {
        if (streams <= 1 || connection.PostgreSqlVersion.Major < 14)
        {
            return Whole;
        }

        await using var command = new NpgsqlCommand(
            "SELECT pg_relation_size(oid) / current_setting('block_size')::bigint FROM pg_class WHERE oid = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relationId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        var pages = await command.ExecuteScalarAsync(cancellationToken) is long size ? size : 0;
        return pages >= MinPagesToSplit ? new TableSlices(streams, pages) : Whole;
    }

    /// <summary>The WHERE clause that selects slice <paramref name="slice"/>, with a leading space; empty for a whole table.</summary>
    public string Where(int slice)
    {
        if (Count == 1)
        {
            return "";
        }

        var lower = slice == 0 ? null : $"ctid >= '({Bound(slice)},0)'::tid";
        var upper = slice == Count - 1 ? null : $"ctid < '({Bound(slice + 1)},0)'::tid";
        return " WHERE " + string.Join(" AND ", new[] { lower, upper }.OfType<string>());
    }

    private string Bound(int slice) => (Pages * slice / Count).ToString(CultureInfo.InvariantCulture);
}
