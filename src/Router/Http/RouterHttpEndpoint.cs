using System.Text.Json;
using HtapRouter.PgWire.Http;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Configuration;
using HtapRouter.Router.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Router.Http;

/// <summary>
/// The router's HTTP endpoint, on its listen address at <see cref="RouterOptions.HttpPort"/> (off when 0):
/// GET / the status page, GET /api/status its data as JSON, GET /metrics Prometheus' text format.
/// </summary>
internal sealed class RouterHttpEndpoint(RouterOptions options, BackendCluster cluster, RouterMetrics metrics, NodeMonitor monitor,
    BackendPool pool, ILogger<RouterHttpEndpoint> logger) : IHostedService, IAsyncDisposable
{
    private PlainHttpServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.HttpPort > 0)
        {
            _server = new PlainHttpServer(options.ListenAddresses, options.HttpPort, Answer, logger);
            _server.Start();
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }

    private HttpReply Answer(string path) => path switch
    {
        "/" => HttpReply.Ok("text/html; charset=utf-8", StatusPage.Html),
        "/api/status" => HttpReply.Ok("application/json; charset=utf-8", JsonSerializer.Serialize(Snapshot(), RouterStatusJson.Default.RouterStatus)),
        "/metrics" => HttpReply.Ok(HttpReply.PrometheusText, RouterMetricsText.Write(Snapshot())),
        _ => HttpReply.NotFound,
    };

    private RouterStatus Snapshot() => RouterStatus.Of(cluster, metrics, monitor, pool, DateTimeOffset.UtcNow);
}
