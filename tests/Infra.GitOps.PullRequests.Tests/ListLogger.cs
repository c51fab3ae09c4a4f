using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.PullRequests.Tests;

/// <summary>A logger that keeps every formatted message (and exception text), to check what logs would show.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> messages = new();

    public IReadOnlyCollection<string> Messages => messages;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        messages.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : "\n" + exception));
    }
}
