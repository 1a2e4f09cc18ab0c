using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace HtapRouter.Replicator.Tests;

/// <summary>Keeps a node's warnings and errors, so that a failing test can say what the replicator saw.</summary>
internal sealed class NodeLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The last <paramref name="count"/> entries, oldest first.</summary>
    public string Tail(int count = 20) => string.Join("\n", _entries.TakeLast(count));

    public void Dispose()
    {
    }

    private sealed class Logger(NodeLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log._entries.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
            }
        }
    }
}
