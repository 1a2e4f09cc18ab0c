using System.Collections.Concurrent;

namespace HtapRouter.Router.Sessions;

/// <summary>
/// Remembers the route of statement texts seen before. The same text comes back constantly: every Parse of a
/// driver's unprepared statement, every pgbench -M extended transaction, every ORM query. A route depends only on
/// the text (and on settings fixed at startup), so a text's route is computed once. Bounded: texts over
/// <see cref="MaxTextLength"/> are not kept, and when <see cref="Capacity"/> texts are kept the cache starts over,
/// which costs one parse per text and never a wrong answer.
/// </summary>
internal sealed class CachingQueryClassifier(IQueryClassifier inner) : IQueryClassifier
{
    public const int Capacity = 4096;

    public const int MaxTextLength = 4096;

    private readonly ConcurrentDictionary<string, QueryRoute> _routes = new(StringComparer.Ordinal);

    public QueryRoute Classify(string sql)
    {
        if (_routes.TryGetValue(sql, out var known))
        {
            return known;
        }

        var route = inner.Classify(sql);
        if (sql.Length <= MaxTextLength && route.Kind != RouteKind.Admin)
        {
            if (_routes.Count >= Capacity)
            {
                _routes.Clear();
            }
            _routes.TryAdd(sql, route);
        }
        return route;
    }
}
