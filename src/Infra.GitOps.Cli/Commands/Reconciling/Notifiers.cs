using Infra.GitOps.Reconciler.Events;

namespace Infra.GitOps.Cli.Commands.Reconciling;

/// <summary>The notification sinks of a <c>reconcile</c> or <c>serve</c> run (see <see cref="RemoteOptions.NotifiersOf"/>); disposing disposes them.</summary>
public sealed class Notifiers : IDisposable
{
    private readonly IReadOnlyList<IEventSink> sinks;

    /// <summary>Wraps <paramref name="sinks"/>.</summary>
    public Notifiers(IReadOnlyList<IEventSink> sinks)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        this.sinks = sinks;
    }

    /// <summary>All of them as one sink, or null when there is none.</summary>
    public IEventSink? Sink => sinks.Count switch
    {
        0 => null,
        1 => sinks[0],
        _ => new CompositeEventSink([.. sinks]),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var sink in sinks)
        {
            (sink as IDisposable)?.Dispose();
        }
    }
}
