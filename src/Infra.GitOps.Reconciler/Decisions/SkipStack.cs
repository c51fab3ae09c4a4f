namespace Infra.GitOps.Reconciler.Decisions;

/// <summary>Leave the stack alone in this pass.</summary>
/// <param name="Reason">Why.</param>
/// <param name="NotBefore">For <see cref="SkipReason.BackingOff"/> and <see cref="SkipReason.Waiting"/>: the earliest retry.</param>
public sealed record SkipStack(SkipReason Reason, DateTimeOffset? NotBefore = null) : ReconcileDecision;
