namespace Infra.GitOps.Reconciler.Events;

/// <summary>Publishes each event to every sink in turn; one that throws does not keep the event from the others.</summary>
public sealed class CompositeEventSink : IEventSink
{
    private readonly IReadOnlyList<IEventSink> sinks;

    /// <summary>Creates the sink over <paramref name="sinks"/>, in that order.</summary>
    public CompositeEventSink(params IEventSink[] sinks)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        this.sinks = [.. sinks];
    }

    /// <inheritdoc />
    /// <exception cref="AggregateException">Some sinks threw (after every sink was given the event).</exception>
    public async Task PublishAsync(ReconcileEvent reconcileEvent, CancellationToken cancellationToken)
    {
        List<Exception>? errors = null;
        foreach (var sink in sinks)
        {
            try
            {
                await sink.PublishAsync(reconcileEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                (errors ??= []).Add(exception);
            }
        }

        if (errors is not null)
        {
            throw new AggregateException(errors);
        }
    }
}
