namespace Infra.GitOps.Reconciler.Outcomes;

/// <summary>Retry after a set delay (the stack's lock is held elsewhere).</summary>
/// <param name="Stack">The stack.</param>
/// <param name="Revision">The commit concerned.</param>
/// <param name="Reason">One of <see cref="Status.Reasons"/>.</param>
/// <param name="Message">Why.</param>
/// <param name="RetryAt">The earliest retry.</param>
public sealed record ReconcileWaiting(string Stack, string? Revision, string Reason, string Message, DateTimeOffset RetryAt) : ReconcileOutcome(Stack);
