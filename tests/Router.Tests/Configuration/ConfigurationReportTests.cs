using System.Collections.Concurrent;
using HtapRouter.Router.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Router.Tests.Configuration;

public sealed class ConfigurationReportTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task StartAsync_PgpoolConfWithIgnoredKeys_LogsEachAsAWarning()
    {
        var pgpoolConf = _directory.Write("pgpool.conf", """
            backend_hostname0 = 'db0'
            backend_port0 = 5432
            backend_weight0 = 1
            pid_file_name = '/var/run/pgpool/pgpool.pid'
            wd_authkey = 'never-logged'
            """);
        var logs = new LogCollector();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = _directory.Path });
        builder.Configuration.AddRouterConfiguration(["--pgpool-conf", pgpoolConf], new Dictionary<string, string>());
        builder.Services.AddRouterOptions(builder.Configuration);
        builder.Logging.ClearProviders().AddProvider(logs);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(
            [
                (LogLevel.Information, $"Read pgpool.conf {pgpoolConf}; 2 of its lines are not used"),
                (LogLevel.Warning, $"{pgpoolConf}:4: pid_file_name is ignored: the router does not implement it"),
                (LogLevel.Warning, $"{pgpoolConf}:5: wd_authkey is ignored: the router does not implement it"),
            ],
            logs.Messages.Where(message => message.Category.EndsWith(".ConfigurationReport", StringComparison.Ordinal)).Select(message => (message.Level, message.Text)));
    }

    public void Dispose() => _directory.Dispose();

    private sealed class LogCollector : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Messages);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
