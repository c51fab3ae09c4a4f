namespace Infra.GitOps.Reconciler.Decisions;

/// <summary>Why a stack is not reconciled in a pass.</summary>
public enum SkipReason
{
    /// <summary><c>reconcile.suspend: true</c> in the stack file.</summary>
    Suspended,

    /// <summary>The desired revision is applied and no drift check is due.</summary>
    UpToDate,

    /// <summary>
    /// The branch moved, but no file of the stack (its stack file, the project file, what its sources match) changed
    /// since its last applied commit, and no drift check is due (<see cref="ReconcilerOptions.PathFilter"/>).
    /// </summary>
    Unaffected,

    /// <summary>The last attempt failed and its backoff has not passed; the revision has not changed.</summary>
    BackingOff,

    /// <summary>The last attempt asked to wait (a lock held elsewhere) and the wait has not passed.</summary>
    Waiting,

    /// <summary>A stack it depends on (<c>reconcile.dependsOn</c>) is not Ready; it runs once that one is.</summary>
    DependencyNotReady,

    /// <summary>The last attempt stalled (invalid input, a refused guard, a missing branch): a new commit or a person must act.</summary>
    Stalled,
}
