using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Running;

namespace Infra.GitOps.Reconciler.Outcomes;

/// <summary>The run finished: applied, or a drift check done.</summary>
/// <param name="Stack">The stack.</param>
/// <param name="Revision">The commit applied or checked.</param>
/// <param name="Trigger">Why it ran.</param>
/// <param name="Changes">What <c>up</c> did (or, for a drift check, what the preview found).</param>
/// <param name="Drifted">For a drift check: whether drift was found.</param>
public sealed record ReconcileSucceeded(string Stack, string Revision, ReconcileTrigger Trigger, ChangeCounts Changes, bool Drifted)
    : ReconcileOutcome(Stack);
