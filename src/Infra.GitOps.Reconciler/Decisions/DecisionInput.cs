using Infra.GitOps.Model;
using Infra.GitOps.Reconciler.Requests;
using Infra.GitOps.Reconciler.Status;

namespace Infra.GitOps.Reconciler.Decisions;

/// <summary>Everything <see cref="ReconcileDecider.Decide"/> looks at.</summary>
/// <param name="Status">The stack's stored status, or null for a stack never seen.</param>
/// <param name="Head">The desired commit: the tracked branch's head, or the pinned revision resolved to a commit.</param>
/// <param name="Settings">The stack file's <c>reconcile</c> block at <paramref name="Head"/>.</param>
/// <param name="Now">The current time.</param>
/// <param name="Request">A pending manual or rollback request, or null.</param>
public sealed record DecisionInput(
    StackStatus? Status,
    string Head,
    ReconcileSettings Settings,
    DateTimeOffset Now,
    ReconcileRequest? Request = null)
{
    /// <summary>The backoff used when a failed status has no <see cref="StackStatus.NextRetryAt"/>.</summary>
    public BackoffPolicy Backoff { get; init; } = BackoffPolicy.Default;
}
