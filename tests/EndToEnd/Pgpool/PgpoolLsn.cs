using System.Globalization;

namespace HtapRouter.EndToEnd.Tests.Pgpool;

/// <summary>
/// pgpool 4.3's reading of an LSN for replication_delay. It is not PostgreSQL's 64-bit position: pgpool multiplies
/// the high word by (0xFFFFFFFF − 16 MiB, one WAL segment) before adding the low word. A standby whose
/// pg_last_wal_replay_lsn() is NULL counts as position 0, so its delay is the primary's whole position in these units.
/// </summary>
internal static class PgpoolLsn
{
    private const ulong WalSegmentSize = 16 * 1024 * 1024;

    /// <summary>Reads "16/B374D848" the way pgpool does.</summary>
    public static ulong Parse(string lsn)
    {
        var slash = lsn.IndexOf('/', StringComparison.Ordinal);
        var high = uint.Parse(lsn.AsSpan(0, slash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        var low = uint.Parse(lsn.AsSpan(slash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return high * (0xFFFFFFFFUL - WalSegmentSize) + low;
    }
}
