using System.Text;
using System.Text.RegularExpressions;

namespace HtapRouter.Router.Routing;

/// <summary>
/// A pgpool-II pattern list (read_only_function_list, write_function_list, primary_routing_query_pattern_list):
/// regular expressions matched case-insensitively against the whole text, as pgpool anchors each entry with ^ and $.
/// pgpool adds the anchors as text, so there <c>a|b</c> means <c>^a</c> or <c>b$</c>; here each entry is anchored as a
/// whole, which is what its documentation promises.
/// </summary>
/// <remarks>
/// The entries come from configuration, so one of them must not be able to stall a session: they are compiled for
/// .NET's non-backtracking engine, which matches in time linear in the text. It has no backreferences or
/// lookarounds, which POSIX extended expressions, pgpool's kind, have no use for either.
/// </remarks>
internal sealed class PgpoolPatternList
{
    private readonly Regex? _regex;

    /// <exception cref="ArgumentException">An entry is not a valid expression, naming <paramref name="setting"/>.</exception>
    public PgpoolPatternList(IEnumerable<string> patterns, string setting)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var combined = new StringBuilder();
        foreach (var pattern in patterns)
        {
            if (string.IsNullOrWhiteSpace(pattern))
            {
                continue;
            }
            var anchored = $@"\A(?:{pattern.Trim()})\z";
            Compile(anchored, pattern, setting);
            combined.Append(combined.Length == 0 ? string.Empty : "|").Append(anchored);
        }
        _regex = combined.Length == 0 ? null : Compile(combined.ToString(), combined.ToString(), setting);
    }

    public bool IsEmpty => _regex is null;

    public bool IsMatch(string text) => _regex is not null && _regex.IsMatch(text);

    private static Regex Compile(string expression, string pattern, string setting)
    {
        try
        {
            return new Regex(expression, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"{setting}: \"{pattern}\" is not a usable regular expression: {e.Message}", setting, e);
        }
    }
}
