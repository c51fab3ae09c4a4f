using Infra.GitOps.Reconciler.Decisions;

namespace Infra.GitOps.Reconciler.Outcomes;

/// <summary>Nothing to do in this pass.</summary>
/// <param name="Stack">The stack.</param>
/// <param name="Reason">Why.</param>
public sealed record ReconcileSkipped(string Stack, SkipReason Reason) : ReconcileOutcome(Stack);
