using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Reconciler.Tests.Support;

/// <summary>A logger that keeps the formatted lines of warnings and errors, for tests of what a component logs.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            lock (lines)
            {
                lines.Add(formatter(state, exception));
            }
        }
    }
}
