using System.Collections.Immutable;

namespace Infra.GitOps.Reconciler.Outcomes;

/// <summary>One pass over every stack (<c>reconcile --once</c> turns it into the exit code).</summary>
/// <param name="Head">The tracked branch's head, or null when the source could not be read.</param>
/// <param name="Outcomes">One outcome per stack, ordered by stack name.</param>
/// <param name="SourceError">Why the source could not be read, or null.</param>
public sealed record ReconcilePassResult(string? Head, ImmutableArray<ReconcileOutcome> Outcomes, string? SourceError)
{
    /// <summary>True when the source was read and no stack stalled, waits or failed.</summary>
    public bool Succeeded => SourceError is null && !Outcomes.Any(o => o.IsFailure);
}
