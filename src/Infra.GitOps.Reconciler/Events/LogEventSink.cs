using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Reconciler.Events;

/// <summary>The default <see cref="IEventSink"/>: events as log lines (Information, Warning for failures).</summary>
public sealed class LogEventSink : IEventSink
{
    private readonly ILogger<LogEventSink> logger;

    /// <summary>Creates the sink.</summary>
    public LogEventSink(ILogger<LogEventSink> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        this.logger = logger;
    }

    /// <inheritdoc />
    public Task PublishAsync(ReconcileEvent reconcileEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reconcileEvent);
        var revision = reconcileEvent.Revision ?? "-";
        if (reconcileEvent.IsWarning)
        {
            Log.WarningEvent(logger, reconcileEvent.Reason, reconcileEvent.Stack, revision, reconcileEvent.Message);
        }
        else
        {
            Log.Event(logger, reconcileEvent.Reason, reconcileEvent.Stack, revision, reconcileEvent.Message);
        }

        return Task.CompletedTask;
    }
}
