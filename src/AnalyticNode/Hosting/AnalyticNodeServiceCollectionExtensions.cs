using HtapRouter.AnalyticNode.Catalog;
using HtapRouter.AnalyticNode.Configuration;
using HtapRouter.AnalyticNode.Http;
using HtapRouter.AnalyticNode.Sql;
using HtapRouter.Replicator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HtapRouter.AnalyticNode.Hosting;

public static class AnalyticNodeServiceCollectionExtensions
{
    /// <summary>Adds the analytic node: options from the "Node" section, the SQL planner and the server.</summary>
    public static IServiceCollection AddAnalyticNode(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticNodeOptions>()
            .Bind(configuration.GetSection(AnalyticNodeOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ReplicationProgress>();
        services.AddSingleton<CatalogContents>();
        services.AddSingleton<RelationColumns>();
        services.AddSingleton<PgCatalogInstaller>();
        services.AddSingleton<CatalogRewriter>();
        services.AddSingleton<StandbyFunctions>();
        services.AddSingleton<QueryRewriter>();
        services.AddSingleton<IStatementPlanner, StatementPlanner>();
        services.AddSingleton<NodeServer>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeServer>());

        // After the server, so the database is open when replication starts and still open when it stops.
        services.AddSingleton<DuckDbConnectionFactory>(sp => () => sp.GetRequiredService<NodeServer>().Database.CreateConnection());
        services.AddReplicator(configuration);
        services.AddHostedService<NodeHttpEndpoint>();
        return services;
    }
}
