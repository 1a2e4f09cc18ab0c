using Npgsql;

namespace HtapRouter.Replicator.Primary;

/// <summary>
/// Checks, before anything else, that the primary can feed a logical replica, and says what to change when
/// it cannot: wal_level, free replication slots and WAL senders, the REPLICATION attribute.
/// </summary>
internal static class PrimaryChecks
{
    public static async Task VerifyAsync(NpgsqlConnection connection, string slot, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT current_setting('wal_level'),
                   current_setting('max_replication_slots')::int,
                   (SELECT count(*) FROM pg_replication_slots)::int,
                   EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1),
                   current_setting('max_wal_senders')::int,
                   (SELECT count(*) FROM pg_stat_replication)::int,
                   (SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user),
                   current_user
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = slot });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var walLevel = reader.GetString(0);
        var maxSlots = reader.GetInt32(1);
        var usedSlots = reader.GetInt32(2);
        var slotExists = reader.GetBoolean(3);
        var maxSenders = reader.GetInt32(4);
        var usedSenders = reader.GetInt32(5);
        var canReplicate = !reader.IsDBNull(6) && reader.GetBoolean(6);
        var user = reader.GetString(7);

        var problems = new List<string>();
        if (walLevel != "logical")
        {
            problems.Add($"the primary's wal_level is '{walLevel}': set wal_level = logical in postgresql.conf and restart the primary");
        }

        if (!slotExists && usedSlots >= maxSlots)
        {
            problems.Add($"no free replication slot: all {maxSlots} (max_replication_slots) are in use; raise max_replication_slots and restart, or drop an unused slot with pg_drop_replication_slot()");
        }

        if (usedSenders >= maxSenders)
        {
            problems.Add($"no free WAL sender: all {maxSenders} (max_wal_senders) are in use; raise max_wal_senders and restart the primary");
        }

        if (!canReplicate)
        {
            problems.Add($"user \"{user}\" may not replicate: run ALTER ROLE \"{user}\" REPLICATION on the primary, and allow it a replication connection in pg_hba.conf");
        }

        if (problems.Count > 0)
        {
            throw new ReplicatorSetupException("The primary cannot be replicated from: " + string.Join("; ", problems) + ".");
        }
    }
}
