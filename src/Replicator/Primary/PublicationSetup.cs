using Npgsql;

namespace HtapRouter.Replicator.Primary;

/// <summary>Makes sure the publication exists: an existing one is used as it is; a missing one is created.</summary>
internal static class PublicationSetup
{
    /// <summary>Returns true when it created the publication.</summary>
    public static async Task<bool> EnsureAsync(NpgsqlConnection connection, string publication, IReadOnlyList<string> tables,
        CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = $1)", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = publication });
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return false;
            }
        }

        var target = tables.Count == 0
            ? "FOR ALL TABLES"
            : "FOR TABLE " + string.Join(", ", tables.Select(QuoteQualified));
        var sql = $"CREATE PUBLICATION {Quote(publication)} {target} WITH (publish_via_partition_root = true)";
        try
        {
            await using var create = new NpgsqlCommand(sql, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e)
        {
            throw new ReplicatorSetupException(
                $"publication \"{publication}\" does not exist and could not be created ({e.SqlState}: {e.MessageText}); " +
                $"create it on the primary as a superuser: {sql}", e);
        }
    }

    private static string QuoteQualified(string name) =>
        string.Join('.', name.Split('.', 2).Select(Quote));

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
