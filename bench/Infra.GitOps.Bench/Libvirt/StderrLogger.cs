using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Bench.Libvirt;

/// <summary>For <c>LIBVIRT_BENCH_VERBOSE=1</c>: writes every message to stderr with the milliseconds since the
/// logger was made, to see where an <c>up</c> spends its time.</summary>
internal sealed class StderrLogger<T> : ILogger<T>
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Console.Error.WriteLine($"  {clock.ElapsedMilliseconds,6} ms {formatter(state, exception)}");
}
