namespace Infra.GitOps.Reconciler.Outcomes;

/// <summary>Needs a human: invalid files, a refused guard, a missing branch. Not retried until a new commit or a request.</summary>
/// <param name="Stack">The stack.</param>
/// <param name="Revision">The commit concerned, or null when the source could not be read.</param>
/// <param name="Reason">One of <see cref="Status.Reasons"/>.</param>
/// <param name="Message">What to fix.</param>
public sealed record ReconcileStalled(string Stack, string? Revision, string Reason, string Message) : ReconcileOutcome(Stack);
