using System.Text;

namespace HtapRouter.Router.Configuration;

/// <summary>
/// Splits pgpool-II's one-string lists. Items are trimmed and empty ones dropped; pgpool keeps the spaces, which makes
/// "nextval, setval" a pattern " setval" that never matches, so trimming only rescues lists pgpool would misread.
/// </summary>
internal static class SettingLists
{
    /// <summary>read_only_function_list, write_function_list and the redirect preference lists: "a,b,c".</summary>
    public static List<string> SplitCommas(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>
    /// primary_routing_query_pattern_list: regular expressions separated by ';', where a backslash keeps the next
    /// character in the pattern (so "\;" is a semicolon inside one) and "\'" stands for a quote, as pgpool reads it.
    /// </summary>
    public static List<string> SplitPatterns(string text)
    {
        var items = new List<string>();
        var item = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                // pgpool turns \' into ' and leaves every other escape to the regular expression.
                if (text[i + 1] != '\'')
                {
                    item.Append(c);
                }

                item.Append(text[++i]);
            }
            else if (c == ';')
            {
                Add(items, item);
            }
            else
            {
                item.Append(c);
            }
        }

        Add(items, item);
        return items;

        static void Add(List<string> items, StringBuilder item)
        {
            var pattern = item.ToString().Trim();
            if (pattern.Length > 0)
            {
                items.Add(pattern);
            }

            item.Clear();
        }
    }
}
