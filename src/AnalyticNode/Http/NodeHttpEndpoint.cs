using HtapRouter.AnalyticNode.Configuration;
using HtapRouter.AnalyticNode.Hosting;
using HtapRouter.PgWire.Http;
using HtapRouter.Replicator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HtapRouter.AnalyticNode.Http;

/// <summary>The node's HTTP endpoint, GET /metrics on its listen address at <see cref="AnalyticNodeOptions.HttpPort"/> (off when 0).</summary>
internal sealed class NodeHttpEndpoint(IOptions<AnalyticNodeOptions> options, ReplicationProgress progress, NodeServer server,
    ILogger<NodeHttpEndpoint> logger) : IHostedService, IAsyncDisposable
{
    private PlainHttpServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.HttpPort > 0)
        {
            _server = new PlainHttpServer(options.Value.ListenAddress, options.Value.HttpPort, Answer, logger);
            _server.Start();
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is { } running)
        {
            _server = null;
            await running.DisposeAsync();
        }
    }

    private HttpReply Answer(string path) => path == "/metrics"
        ? HttpReply.Ok(HttpReply.PrometheusText, NodeMetricsText.Write(progress, server.ActiveSessions, options.Value.MaxConnections, DateTimeOffset.UtcNow))
        : HttpReply.NotFound;
}
