namespace HtapRouter.AnalyticNode.Engine;

/// <summary>The CommandComplete tag of a utility statement: its first keyword, as PostgreSQL mostly tags them.</summary>
internal static class CommandKeyword
{
    public static string Of(string sql)
    {
        var text = SkipSpaceAndComments(sql.AsSpan());
        var end = 0;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        var keyword = text[..end].ToString().ToUpperInvariant();
        return keyword switch
        {
            "END" => "COMMIT",
            "ABORT" => "ROLLBACK",
            "START" => "START TRANSACTION",
            _ => keyword,
        };
    }

    private static ReadOnlySpan<char> SkipSpaceAndComments(ReadOnlySpan<char> text)
    {
        while (true)
        {
            text = text.TrimStart();
            if (text.StartsWith("--"))
            {
                var newline = text.IndexOf('\n');
                text = newline < 0 ? [] : text[(newline + 1)..];
            }
            else if (text.StartsWith("/*"))
            {
                var close = text.IndexOf("*/");
                text = close < 0 ? [] : text[(close + 2)..];
            }
            else
            {
                return text;
            }
        }
    }
}
