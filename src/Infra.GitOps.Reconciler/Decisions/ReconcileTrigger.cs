namespace Infra.GitOps.Reconciler.Decisions;

/// <summary>Why a stack is reconciled; recorded in the audit trail and the logs.</summary>
public enum ReconcileTrigger
{
    /// <summary>The tracked branch (or pinned revision) differs from the last applied commit, or the stack was never applied.</summary>
    BranchMoved,

    /// <summary>The drift schedule found drift and <c>driftRemediation</c> corrects it with <c>up</c>.</summary>
    Drift,

    /// <summary>A person asked for a reconcile (<c>infra-gitops reconcile --stack S</c>).</summary>
    Manual,

    /// <summary>The drift schedule (<c>driftSchedule</c>) is due: refresh and preview against the last applied commit.</summary>
    Schedule,

    /// <summary>A person asked to apply an older commit (<c>infra-gitops rollback --stack S --to COMMIT</c>).</summary>
    Rollback,

    /// <summary>The same revision again after a failure, once its backoff or wait has passed.</summary>
    Retry,
}
