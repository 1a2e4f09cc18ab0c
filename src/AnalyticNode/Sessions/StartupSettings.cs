using HtapRouter.PgWire.Protocol;

namespace HtapRouter.AnalyticNode.Sessions;

/// <summary>
/// The settings a client sets in its startup packet: parameters other than user/database/replication, and
/// the "-c name=value" (or "--name=value") items of "options", as PostgreSQL reads them.
/// </summary>
internal static class StartupSettings
{
    public static IEnumerable<KeyValuePair<string, string>> From(StartupPacket packet)
    {
        foreach (var (name, value) in packet.Parameters)
        {
            switch (name)
            {
                case "user" or "database" or "replication":
                    continue;
                case "options":
                    foreach (var option in ParseOptions(value))
                    {
                        yield return option;
                    }

                    continue;
                default:
                    yield return new(name, value);
                    continue;
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> ParseOptions(string options)
    {
        var words = options.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var item = words[i] switch
            {
                "-c" when i + 1 < words.Length => words[++i],
                var w when w.StartsWith("-c", StringComparison.Ordinal) => w[2..],
                var w when w.StartsWith("--", StringComparison.Ordinal) => w[2..],
                var w => throw new PgErrorException(SqlState.InvalidParameterValue, $"invalid command-line argument for server process: {w}"),
            };
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new PgErrorException(SqlState.InvalidParameterValue, $"invalid command-line argument for server process: {item}");
            }

            yield return new(item[..equals].Replace('-', '_'), item[(equals + 1)..]);
        }
    }
}
