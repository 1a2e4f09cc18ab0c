using HtapRouter.Router.Configuration.Pgpool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Router.Configuration;

/// <summary>
/// Logs, once the host starts, which pgpool.conf was read and each line of it the router does not act on, since
/// configuration is loaded before there is a logger.
/// </summary>
internal sealed partial class ConfigurationReport(ILogger<ConfigurationReport> logger, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration is IConfigurationRoot root)
        {
            foreach (var pgpoolConf in root.Providers.OfType<PgpoolConfigurationProvider>())
            {
                LogPgpoolConfRead(pgpoolConf.Path, pgpoolConf.Warnings.Count);
                foreach (var warning in pgpoolConf.Warnings)
                {
                    LogPgpoolConfWarning(warning.Location.ToString(), warning.Message);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = ConfigurationEventIds.PgpoolConfRead, Level = LogLevel.Information,
        Message = "Read pgpool.conf {Path}; {Ignored} of its lines are not used")]
    private partial void LogPgpoolConfRead(string path, int ignored);

    [LoggerMessage(EventId = ConfigurationEventIds.PgpoolConfWarning, Level = LogLevel.Warning, Message = "{Location}: {Warning}")]
    private partial void LogPgpoolConfWarning(string location, string warning);
}
