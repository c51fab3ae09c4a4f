namespace Infra.GitOps.Reconciler.Events;

/// <summary>Where user-facing events go (a log, a chat webhook, commit statuses). Implementations are thread-safe.</summary>
public interface IEventSink
{
    /// <summary>Publishes one event. A sink's failure must not fail the run: implementations swallow and log their own errors.</summary>
    Task PublishAsync(ReconcileEvent reconcileEvent, CancellationToken cancellationToken);
}
