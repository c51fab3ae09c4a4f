namespace Infra.GitOps.Reconciler.Requests;

/// <summary>What a person asked the reconciler to do with a stack.</summary>
public enum ReconcileRequestKind
{
    /// <summary>Reconcile now, even when up to date, stalled or backing off.</summary>
    Manual,

    /// <summary>Apply an older commit and hold it until the branch moves.</summary>
    Rollback,
}
