using System.Collections.Concurrent;
using Infra.GitOps.Reconciler.Events;

namespace Infra.GitOps.Reconciler.Tests.Support;

/// <summary>Keeps the events published, for assertions.</summary>
public sealed class RecordingEventSink : IEventSink
{
    public ConcurrentQueue<ReconcileEvent> Events { get; } = new();

    public Task PublishAsync(ReconcileEvent reconcileEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(reconcileEvent);
        return Task.CompletedTask;
    }
}
