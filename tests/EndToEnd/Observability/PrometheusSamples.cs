using System.Globalization;
using System.Text.RegularExpressions;

namespace HtapRouter.EndToEnd.Tests.Observability;

/// <summary>The samples of a Prometheus text exposition, parsed just enough for assertions.</summary>
internal sealed partial class PrometheusSamples
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    public PrometheusSamples(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            _samples.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    public string Text { get; }

    /// <summary>The value of <paramref name="name"/> for node <paramref name="nodeId"/> (or the unlabelled sample when null).</summary>
    public double Value(string name, int? nodeId = null)
    {
        var id = nodeId?.ToString(CultureInfo.InvariantCulture);
        var found = _samples.Where(s => s.Name == name && (id is null ? s.Labels.Count == 0 : s.Labels.GetValueOrDefault("node_id") == id)).ToList();
        Assert.True(found.Count == 1, $"expected one sample {name} node {id}, found {found.Count} in:\n{Text}");
        return found[0].Value;
    }

    public IReadOnlyDictionary<string, string> Labels(string name, int nodeId) =>
        _samples.Single(s => s.Name == name && s.Labels.GetValueOrDefault("node_id") == nodeId.ToString(CultureInfo.InvariantCulture)).Labels;

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?""")]
    private static partial Regex LabelPair();
}
