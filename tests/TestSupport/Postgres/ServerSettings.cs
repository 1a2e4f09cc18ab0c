using System.Globalization;

namespace HtapRouter.TestSupport.Postgres;

/// <summary>The settings every server the fixture starts runs with, whichever way it is started.</summary>
internal static class ServerSettings
{
    public static IReadOnlyList<KeyValuePair<string, string>> For(PostgresServerOptions options)
    {
        var settings = new List<KeyValuePair<string, string>>
        {
            new("wal_level", "logical"),
            new("max_replication_slots", options.MaxReplicationSlots.ToString(CultureInfo.InvariantCulture)),
            new("max_wal_senders", options.MaxWalSenders.ToString(CultureInfo.InvariantCulture)),
            new("password_encryption", "scram-sha-256"),

            // The data is thrown away with the server, so crash safety buys nothing and costs time. One visible
            // effect: logical decoding and WAL senders see a commit only once the WAL writer has flushed it,
            // within a few wal_writer_delay periods (200 ms each), so replication tests must wait, not peek once.
            new("fsync", "off"),
            new("synchronous_commit", "off"),
            new("full_page_writes", "off"),
        };
        settings.AddRange(options.Settings);
        return settings;
    }
}
