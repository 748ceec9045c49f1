using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansSelect.Cluster.Tests;

/// <summary>
/// Every warning the test silos log, so a test can check that one names what it should. Process-wide,
/// like <see cref="FailingGrainStorage"/>'s rules, so a test looks only for the names of its own files.
/// </summary>
public sealed class CapturedWarnings : ILoggerProvider
{
    private static readonly ConcurrentQueue<string> Messages = new();

    public static IReadOnlyList<string> Containing(string text) => Messages.Where(m => m.Contains(text, StringComparison.Ordinal)).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger();

    public void Dispose() { }

    private sealed class Logger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                Messages.Enqueue(formatter(state, exception));
        }
    }
}
