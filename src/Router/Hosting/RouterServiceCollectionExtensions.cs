using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Monitoring;
using HtapRouter.Router.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HtapRouter.Router.Hosting;

public static class RouterServiceCollectionExtensions
{
    /// <summary>Adds the router: options from the "Router" section, the backends, the monitors and the server.</summary>
    public static IServiceCollection AddRouter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRouterOptions(configuration);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RouterOptions>>().Value);
        services.AddSingleton(sp => new BackendCluster(sp.GetRequiredService<RouterOptions>()));
        services.AddSingleton<BackendPool>();
        services.AddSingleton<RouterMetrics>();
        services.AddSingleton<IQueryClassifier>(new CachingQueryClassifier(new BasicQueryClassifier()));
        services.AddSingleton<IRelationCatalog, EveryRelation>();
        services.AddSingleton<NodeMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeMonitor>());
        services.AddSingleton<RouterServer>();
        services.AddHostedService(sp => sp.GetRequiredService<RouterServer>());
        return services;
    }
}
