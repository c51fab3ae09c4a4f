using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.PullRequests.Preview;

/// <summary>
/// A stack that was planned: its steps in plan order. The plan may still carry errors found while planning
/// (a provider's Check failure, deleting a protected resource): then it is a failure and could not be applied.
/// </summary>
/// <param name="Name">The stack's name.</param>
/// <param name="Diagnostics">Diagnostics found while loading and planning, sorted.</param>
/// <param name="Steps">Every step of the plan, unchanged ones included, in plan order.</param>
public sealed record PlannedStackPreview(string Name, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<PreviewStep> Steps)
    : StackPreview(Name, Diagnostics)
{
    /// <inheritdoc />
    public override ChangeCounts Counts => ChangeCounts.Of(Steps);

    /// <inheritdoc />
    public override bool IsFailure => Diagnostics.Any(d => d.Severity == Severity.Error);
}
