using System.Collections.Immutable;

namespace Infra.GitOps.Engine.Execution;

/// <summary>The outcome of applying a plan: one result per step, in the plan's step order.</summary>
/// <param name="Results">One result per step, at the step's index.</param>
/// <param name="Duration">Wall time of the apply.</param>
/// <param name="Cancelled">True when cancellation stopped steps from starting.</param>
public sealed record ApplyResult(ImmutableArray<StepResult> Results, TimeSpan Duration, bool Cancelled)
{
    /// <summary>True when every step succeeded.</summary>
    public bool Succeeded => Results.All(r => r is StepSucceeded);

    /// <summary>The failed steps.</summary>
    public IEnumerable<StepFailed> Failures => Results.OfType<StepFailed>();

    /// <summary>The skipped steps.</summary>
    public IEnumerable<StepSkipped> Skipped => Results.OfType<StepSkipped>();
}
