namespace Infra.GitOps.Reconciler.Decisions;

/// <summary>
/// What <see cref="ReconcileDecider.Decide"/> says to do with one stack now: <see cref="RunStack"/> or
/// <see cref="SkipStack"/>. A closed hierarchy: consume it with a switch expression.
/// </summary>
public abstract record ReconcileDecision
{
    private protected ReconcileDecision()
    {
    }
}
