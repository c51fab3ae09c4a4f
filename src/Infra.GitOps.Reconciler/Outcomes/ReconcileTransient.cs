namespace Infra.GitOps.Reconciler.Outcomes;

/// <summary>Failed; retried with backoff and jitter, or at once for a new commit.</summary>
/// <param name="Stack">The stack.</param>
/// <param name="Revision">The commit concerned, or null.</param>
/// <param name="Reason">One of <see cref="Status.Reasons"/>.</param>
/// <param name="Message">What failed.</param>
/// <param name="RetryAt">The earliest retry.</param>
public sealed record ReconcileTransient(string Stack, string? Revision, string Reason, string Message, DateTimeOffset RetryAt) : ReconcileOutcome(Stack);
