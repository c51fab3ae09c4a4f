namespace Infra.GitOps.Reconciler.Outcomes;

/// <summary>
/// How reconciling one stack in one pass ended; a closed hierarchy after Flux's <c>serror</c>:
/// <see cref="ReconcileSucceeded"/>, <see cref="ReconcileSkipped"/>, <see cref="ReconcileStalled"/> (needs a
/// human, no retry), <see cref="ReconcileWaiting"/> (retry after a set delay), <see cref="ReconcileTransient"/>
/// (retry with backoff and jitter).
/// </summary>
public abstract record ReconcileOutcome
{
    private protected ReconcileOutcome(string stack)
    {
        Stack = stack;
    }

    /// <summary>The stack.</summary>
    public string Stack { get; }

    /// <summary>True for outcomes that count as a failure of a one-shot pass (stalled, waiting, transient).</summary>
    public bool IsFailure => this is ReconcileStalled or ReconcileWaiting or ReconcileTransient;
}
