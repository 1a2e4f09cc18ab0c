using System.Globalization;
using HtapRouter.Router.Hosting;
using HtapRouter.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HtapRouter.EndToEnd.Tests.Router;

/// <summary>One backend as the router is told of it.</summary>
internal sealed record RouterBackend(string Host, int Port, double Weight);

/// <summary>
/// The router, in process, on a free loopback port, through its public hosting API (as its Program uses it), with
/// the given backends (the first is node 0, the primary) and settings in the "Router" section's names.
/// </summary>
internal sealed class RouterHost : IAsyncDisposable
{
    private readonly IHost _host;

    private RouterHost(IHost host, int port)
    {
        _host = host;
        Port = port;
    }

    public int Port { get; }

    internal RouterServer Server => _host.Services.GetRequiredService<RouterServer>();

    public PgEndpoint Endpoint(string user, string password, string database) => new("127.0.0.1", Port, user, password, database);

    /// <param name="backends">Node 0 (the primary) first.</param>
    /// <param name="user">Who the health and replication checks log in as.</param>
    /// <param name="password">The password of <paramref name="user"/>, also the router's password for the backends.</param>
    /// <param name="settings">Further settings, by their name in the "Router" section.</param>
    /// <param name="logs">Where the router's log goes besides nowhere, for tests of what it logs.</param>
    public static async Task<RouterHost> StartAsync(IReadOnlyList<RouterBackend> backends, string user, string password,
        IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Router:Port"] = "0",
            ["Router:SrCheckPeriod"] = "1",
            ["Router:SrCheckUser"] = user,
            ["Router:SrCheckPassword"] = password,
            ["Router:HealthCheckPeriod"] = "1",
            ["Router:HealthCheckTimeout"] = "5",
            ["Router:HealthCheckUser"] = user,
            ["Router:HealthCheckPassword"] = password,
            [$"Router:BackendPasswords:{user}"] = password,
        };
        for (var i = 0; i < backends.Count; i++)
        {
            values[$"Router:Backends:{i}:Id"] = i.ToString(CultureInfo.InvariantCulture);
            values[$"Router:Backends:{i}:Host"] = backends[i].Host;
            values[$"Router:Backends:{i}:Port"] = backends[i].Port.ToString(CultureInfo.InvariantCulture);
            values[$"Router:Backends:{i}:Weight"] = backends[i].Weight.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[$"Router:{key}"] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        builder.Services.AddRouter(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new RouterHost(host, host.Services.GetRequiredService<RouterServer>().LocalEndPoint!.Port);
    }

    /// <summary>Stops the router as SIGTERM would.</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
