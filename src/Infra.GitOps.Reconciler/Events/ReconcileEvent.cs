namespace Infra.GitOps.Reconciler.Events;

/// <summary>A user-facing event (Flux's events): what happened to a stack, for notifications, not for operators' logs.</summary>
/// <param name="Time">When.</param>
/// <param name="Stack">The stack.</param>
/// <param name="Revision">The commit concerned, or null.</param>
/// <param name="IsWarning">True for failures and stalls.</param>
/// <param name="Reason">One of <see cref="Status.Reasons"/> (<c>ReconcileSucceeded</c>, <c>ApplyFailed</c>, ...).</param>
/// <param name="Message">One sentence; never a secret.</param>
public sealed record ReconcileEvent(DateTimeOffset Time, string Stack, string? Revision, bool IsWarning, string Reason, string Message);
