namespace HtapRouter.Router.Routing;

/// <summary>
/// Recognizes the router's own commands. SHOW POOL_* is SQL and is found on the parse tree; PGPOOL ATTACH NODE n
/// and PGPOOL DETACH NODE n are not SQL, so a few tokens are read by hand: a word at a time, never a pattern over
/// the whole text.
/// </summary>
internal static class AdminCommands
{
    /// <summary>The SHOW POOL_* command named by a SHOW statement's parameter; null for an ordinary SHOW.</summary>
    public static AdminCommand? FromShow(string name) => name.ToLowerInvariant() switch
    {
        "pool_nodes" => new AdminCommand(AdminCommandKind.ShowPoolNodes, null),
        "pool_version" => new AdminCommand(AdminCommandKind.ShowPoolVersion, null),
        "pool_processes" => new AdminCommand(AdminCommandKind.ShowPoolProcesses, null),
        "pool_pools" => new AdminCommand(AdminCommandKind.ShowPoolPools, null),
        "pool_backend_stats" => new AdminCommand(AdminCommandKind.ShowPoolBackendStats, null),
        "pool_health_check_stats" => new AdminCommand(AdminCommandKind.ShowPoolHealthCheckStats, null),
        _ => null,
    };

    /// <summary>
    /// PGPOOL ATTACH NODE n or PGPOOL DETACH NODE n (words in any case, separated by whitespace or comments, an
    /// optional semicolon at the end); null for any other text.
    /// </summary>
    public static AdminCommand? ParsePgpool(string sql)
    {
        var index = 0;
        if (!Word(sql, ref index, "pgpool"))
        {
            return null;
        }
        AdminCommandKind kind;
        if (Word(sql, ref index, "attach"))
        {
            kind = AdminCommandKind.AttachNode;
        }
        else if (Word(sql, ref index, "detach"))
        {
            kind = AdminCommandKind.DetachNode;
        }
        else
        {
            return null;
        }
        if (!Word(sql, ref index, "node") || !Number(sql, ref index, out var node))
        {
            return null;
        }
        index = SqlText.SkipSpaceAndComments(sql, index);
        if (index < sql.Length && sql[index] == ';')
        {
            index = SqlText.SkipSpaceAndComments(sql, index + 1);
        }
        return index == sql.Length ? new AdminCommand(kind, node) : null;
    }

    /// <summary>Reads <paramref name="word"/> (ASCII letters, any case) as a whole token.</summary>
    private static bool Word(string sql, ref int index, string word)
    {
        var start = SqlText.SkipSpaceAndComments(sql, index);
        var end = start;
        while (end < sql.Length && char.IsAsciiLetter(sql[end]))
        {
            end++;
        }
        if (!sql.AsSpan(start, end - start).Equals(word, StringComparison.OrdinalIgnoreCase) || IsIdentifierPart(sql, end))
        {
            return false;
        }
        index = end;
        return true;
    }

    private static bool Number(string sql, ref int index, out int value)
    {
        var start = SqlText.SkipSpaceAndComments(sql, index);
        var end = start;
        while (end < sql.Length && char.IsAsciiDigit(sql[end]))
        {
            end++;
        }
        if (end == start || IsIdentifierPart(sql, end)
            || !int.TryParse(sql.AsSpan(start, end - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return false;
        }
        index = end;
        return true;
    }

    private static bool IsIdentifierPart(string sql, int index) =>
        index < sql.Length && (char.IsAsciiLetterOrDigit(sql[index]) || sql[index] is '_' or '$' || sql[index] >= 0x80);
}
