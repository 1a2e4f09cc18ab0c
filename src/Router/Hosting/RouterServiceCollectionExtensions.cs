using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Http;
using HtapRouter.Router.Monitoring;
using HtapRouter.Router.Routing;
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
        services.AddSingleton<NodeCatalogs>();
        services.AddSingleton<IRelationCatalog>(sp => sp.GetRequiredService<NodeCatalogs>());
        services.AddSingleton<IQueryClassifier>(sp =>
        {
            var catalogs = sp.GetRequiredService<NodeCatalogs>();
            return new PgpoolQueryClassifier(new QueryClassifier(sp.GetRequiredService<RouterOptions>(), catalogs.Functions, catalogs.PrimaryRelations));
        });
        services.AddSingleton(sp =>
        {
            var monitor = ActivatorUtilities.CreateInstance<NodeMonitor>(sp);
            monitor.Checked += sp.GetRequiredService<NodeCatalogs>().RefreshAsync;
            return monitor;
        });
        services.AddHostedService(sp => sp.GetRequiredService<NodeMonitor>());
        services.AddSingleton<RouterServer>();
        services.AddHostedService(sp => sp.GetRequiredService<RouterServer>());
        services.AddHostedService<RouterHttpEndpoint>();
        return services;
    }
}
