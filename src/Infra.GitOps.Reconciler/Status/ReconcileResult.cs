namespace Infra.GitOps.Reconciler.Status;

/// <summary>The result of a stack's last finished run; what the next decision starts from.</summary>
public enum ReconcileResult
{
    /// <summary>Never run.</summary>
    None,

    /// <summary>Applied (or a drift check finished).</summary>
    Succeeded,

    /// <summary>Failed; retried with backoff and jitter, or at once when the revision changes.</summary>
    Failed,

    /// <summary>Asked to wait (a lock held elsewhere); retried after a set delay.</summary>
    Waiting,

    /// <summary>Needs a human: retried only for a new revision or a request.</summary>
    Stalled,
}
