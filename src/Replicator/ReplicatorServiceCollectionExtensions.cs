using HtapRouter.Replicator.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HtapRouter.Replicator;

public static class ReplicatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the replicator as a hosted service bound to the "Replicator" section; it does nothing unless
    /// Replicator:Primary is set. The host supplies a <see cref="DuckDbConnectionFactory"/> for its DuckDB file.
    /// </summary>
    public static IServiceCollection AddReplicator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReplicatorOptions>().Bind(configuration.GetSection(ReplicatorOptions.Section));
        services.TryAddSingleton<ReplicationProgress>();
        services.AddHostedService<ReplicationWorker>();
        return services;
    }
}
