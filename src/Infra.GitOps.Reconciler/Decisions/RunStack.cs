namespace Infra.GitOps.Reconciler.Decisions;

/// <summary>Reconcile the stack now.</summary>
/// <param name="Trigger">Why.</param>
/// <param name="Revision">
/// The commit to act on: the desired head for an apply, the last applied commit for a
/// <see cref="ReconcileTrigger.Schedule"/> drift check, the requested commit for a rollback.
/// </param>
public sealed record RunStack(ReconcileTrigger Trigger, string Revision) : ReconcileDecision
{
    /// <summary>True when the run only refreshes and previews (a drift check) unless drift remediation is on.</summary>
    public bool IsDriftCheck => Trigger == ReconcileTrigger.Schedule;
}
